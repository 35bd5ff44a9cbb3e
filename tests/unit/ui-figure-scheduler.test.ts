import { describe, expect, it } from 'vitest';
import { FigureScheduler } from '../../src/ui/figureScheduler';

/** A scheduler on a fake clock whose jobs "take" the given time. */
function setup() {
  let now = 0;
  const scheduler = new FigureScheduler(() => now);
  const ran: string[] = [];
  const job = (name: string, costMs: number) => () => {
    ran.push(name);
    now += costMs;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  /** Runs each figure once so the scheduler knows its cost, then forgets what ran. */
  const measure = async (costs: Record<string, number>): Promise<void> => {
    for (const [name, ms] of Object.entries(costs)) scheduler.schedule(name, job(name, ms));
    await settle();
    ran.length = 0;
  };
  return { scheduler, ran, job, settle, measure, advance: (ms: number) => (now += ms) };
}

describe('figure scheduler', () => {
  it('runs every job, each in a task of its own, the newest job of a figure replacing its older one', async () => {
    const { scheduler, ran, job, settle } = setup();
    scheduler.schedule('curves', job('curves v1', 1));
    scheduler.schedule('embedding', job('embedding', 1));
    scheduler.schedule('curves', job('curves v2', 1));
    expect(ran).toEqual([]);
    await settle();
    expect(ran.sort()).toEqual(['curves v2', 'embedding']);
  });

  it('forgets a cancelled job', async () => {
    const { scheduler, ran, job, settle } = setup();
    scheduler.schedule('gradient', job('gradient', 1));
    scheduler.cancel('gradient');
    await settle();
    expect(ran).toEqual([]);
  });

  it('prefers the cheap figure when both have waited as long, and the expensive one once it has waited longer', async () => {
    const { scheduler, ran, job, settle, measure, advance } = setup();
    await measure({ gradient: 60, curves: 5 });

    scheduler.schedule('gradient', job('gradient', 60));
    scheduler.schedule('curves', job('curves', 5));
    expect(scheduler.next()).toBe('curves');

    // The gradient job has waited a while: (wait + 60)/60 now beats the curves' fresh (0 + 5)/5.
    scheduler.cancel('curves');
    advance(100);
    scheduler.schedule('curves', job('curves', 5));
    expect(scheduler.next()).toBe('gradient');
    await settle();
    expect(ran).toEqual(['gradient', 'curves']);
  });

  it('runs a job that answers the user before any that waits for training progress, and keeps it urgent', async () => {
    const { scheduler, ran, job, settle, measure, advance } = setup();
    await measure({ gradient: 60, curves: 5 });

    scheduler.schedule('gradient', job('gradient', 60));
    scheduler.schedule('curves', job('curves', 5));
    advance(500);
    scheduler.schedule('temperature', job('temperature', 1), true);
    // Asked again by training progress before its turn: still the user's redraw, with the newer job.
    scheduler.schedule('temperature', job('temperature v2', 1));
    expect(scheduler.next()).toBe('temperature');
    await settle();
    expect(ran).toEqual(['temperature v2', 'curves', 'gradient']);

    // Once drawn, the figure's next job waits its turn like any other.
    scheduler.schedule('curves', job('curves', 5));
    advance(100);
    scheduler.schedule('temperature', job('temperature', 1));
    expect(scheduler.next()).toBe('curves');
  });
});
