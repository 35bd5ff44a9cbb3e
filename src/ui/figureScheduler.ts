/**
 * Builds figures one per task, so that no task does the work of several figures and input and painting
 * keep flowing in between. A figure that asks again before its turn keeps one place in the queue, with the
 * newer job: only the latest state is ever drawn.
 *
 * When there is more to draw than time to draw it, the next job is the one with the highest response ratio
 * (waiting time + cost) / cost, cost being that figure's measured build time: cheap figures (training
 * curves, trajectories) keep updating often, expensive ones (the batch's gradient picture) update less
 * often, and none is starved, since a job's ratio grows while it waits. A job that answers the user (a
 * redraw for a slider just moved) goes before all of those, so the figure follows the hand.
 */
export class FigureScheduler {
  private readonly jobs = new Map<string, { readonly run: () => void; readonly since: number; readonly urgent: boolean }>();
  private readonly costs = new Map<string, number>();
  private scheduled = false;
  private readonly channel = new MessageChannel();

  constructor(private readonly now: () => number = () => performance.now()) {
    this.channel.port1.onmessage = () => this.runNext();
  }

  /** `urgent`: the job answers the user; it stays urgent when the figure asks again before its turn. */
  schedule(key: string, run: () => void, urgent = false): void {
    const queued = this.jobs.get(key);
    this.jobs.set(key, { run, since: queued?.since ?? this.now(), urgent: urgent || (queued?.urgent ?? false) });
    this.kick();
  }

  cancel(key: string): void {
    this.jobs.delete(key);
  }

  /** The key of the job to run next, or undefined when none waits. */
  next(): string | undefined {
    const now = this.now();
    let best: { key: string; urgent: boolean; ratio: number; cost: number } | undefined;
    for (const [key, job] of this.jobs) {
      const cost = this.costs.get(key) ?? DEFAULT_COST_MS;
      const ratio = (now - job.since + cost) / cost;
      if (best && best.urgent !== job.urgent) {
        if (job.urgent) best = { key, urgent: true, ratio, cost };
        continue;
      }
      // On a tie (e.g. all just queued) the cheaper figure goes first.
      if (!best || ratio > best.ratio || (ratio === best.ratio && cost < best.cost)) best = { key, urgent: job.urgent, ratio, cost };
    }
    return best?.key;
  }

  private kick(): void {
    if (this.scheduled || this.jobs.size === 0) return;
    this.scheduled = true;
    // A message, not setTimeout: no 4 ms clamp, and rendering and input still get their turn between tasks.
    this.channel.port2.postMessage(null);
  }

  private runNext(): void {
    this.scheduled = false;
    const key = this.next();
    if (key === undefined) return;
    const job = this.jobs.get(key)!;
    this.jobs.delete(key);
    const started = this.now();
    try {
      job.run();
    } finally {
      const cost = this.now() - started;
      const previous = this.costs.get(key);
      this.costs.set(key, previous === undefined ? cost : previous + COST_SMOOTHING * (cost - previous));
      this.kick();
    }
  }
}

/** Until measured, a figure is assumed to cost this much. */
const DEFAULT_COST_MS = 10;
const COST_SMOOTHING = 0.3;

export const figureScheduler = new FigureScheduler();
