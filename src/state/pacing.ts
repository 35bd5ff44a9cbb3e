/**
 * How fast the lab trains and redraws, as the transport offers it. Training speed and figure updates are
 * separate: the worker trains as fast as allowed; the figures redraw at most `renderRate` times a second
 * with the newest snapshot, and the worker sends no more snapshots than that.
 */
export const SPEED_LIMITS: readonly number[] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
export const RENDER_RATES: readonly number[] = [1, 2, 5, 10, 15, 20, 30];
export const MULTI_STEPS: readonly number[] = [10, 100, 1000];

export const DEFAULT_SPEED_LIMIT = 0;
/** A little above 10 a second, so the figures keep up with a snapshot every 100 ms. */
export const DEFAULT_RENDER_RATE = 15;
export const DEFAULT_MULTI_STEP = 10;

/** Short, like the figure rates beside it ("15/s"), so the transport bar keeps to one row on a laptop. */
export function speedLabel(stepsPerSecond: number): string {
  return stepsPerSecond === 0 ? 'max' : `${stepsPerSecond}/s`;
}

/** Half a display frame of slack, so a 60 Hz display can hit a 30 per second rate exactly. */
const FRAME_SLACK_MS = 8;

/** Whether a frame at `now` may redraw the figures, the last redraw having been at `last` (ms). */
export function frameDue(now: number, last: number | null, renderRate: number): boolean {
  return last === null || now - last >= 1000 / renderRate - FRAME_SLACK_MS;
}

/**
 * While training, the pictures of a single batch (τ over the batch, gradient on negatives, similarity by
 * pair type) follow the newest batch at most this often: every batch is a new random sample, so faster
 * only makes them flicker, and they are the most expensive figures to draw.
 */
export const BATCH_FIGURE_RATE = 4;

/** How long a throttled value must still wait before it may be shown (0: now). */
export function throttleWait(now: number, lastShownAt: number | null, intervalMs: number): number {
  return lastShownAt === null ? 0 : Math.max(0, lastShownAt + intervalMs - now);
}
