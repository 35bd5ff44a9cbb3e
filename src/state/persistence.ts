/**
 * When the live run is written to storage: at once when it is paused (a step, a pause: nothing else will
 * come soon), at most once per SAVE_INTERVAL_MS while it trains, and never twice for the same history.
 */
export const SAVE_INTERVAL_MS = 5000;

export interface LastSave {
  /** ms (Date.now()) of the last write. */
  readonly at: number;
  /** History points received at the last write. */
  readonly received: number;
}

/** ms to wait before writing (0: now), or null when there is nothing new to write. */
export function saveDelay(last: LastSave | null, received: number, running: boolean, now: number): number | null {
  if (received === 0 || last?.received === received) return null;
  if (!running || last === null) return 0;
  return Math.max(0, SAVE_INTERVAL_MS - (now - last.at));
}
