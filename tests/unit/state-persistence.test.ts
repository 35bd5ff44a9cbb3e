import { describe, expect, it } from 'vitest';
import { saveDelay, SAVE_INTERVAL_MS } from '../../src/state/persistence';
import { RunStore, storageProblem } from '../../src/ui/share/runStore';

/** Runs are written to storage throttled, and a storage failure is put in words. */

describe('when the live run is saved', () => {
  it('not before it has a history, and never twice for the same history', () => {
    expect(saveDelay(null, 0, false, 0)).toBeNull();
    expect(saveDelay({ at: 0, received: 7 }, 7, false, 10_000)).toBeNull();
  });

  it('at once when paused or for the first time, at most once per interval while training', () => {
    expect(saveDelay(null, 1, true, 1000)).toBe(0);
    expect(saveDelay({ at: 1000, received: 3 }, 4, false, 1001)).toBe(0);
    expect(saveDelay({ at: 1000, received: 3 }, 40, true, 2000)).toBe(SAVE_INTERVAL_MS - 1000);
    expect(saveDelay({ at: 1000, received: 3 }, 40, true, 1000 + SAVE_INTERVAL_MS + 5)).toBe(0);
  });

  it('at the interval, 300 snapshots over 30 s of training are 6 writes (at 0.1, 5.1, … 25.1 s), not 300', () => {
    let last: { at: number; received: number } | null = null;
    let pendingUntil: number | null = null;
    let writes = 0;
    for (let received = 1; received <= 300; received++) {
      const now = received * 100;
      if (pendingUntil !== null && now >= pendingUntil) {
        writes++;
        last = { at: now, received };
        pendingUntil = null;
      }
      const wait = saveDelay(last, received, true, now);
      if (wait === 0) {
        writes++;
        last = { at: now, received };
      } else if (wait !== null && pendingUntil === null) pendingUntil = now + wait;
    }
    expect(writes).toBe(6);
  });
});

describe('storage failures in words', () => {
  it('names a full store, a blocked one and a missing one', async () => {
    expect(storageProblem(new DOMException('x', 'QuotaExceededError'))).toBe('the browser’s storage for this site is full');
    expect(storageProblem(new DOMException('denied', 'SecurityError'))).toMatch(/does not allow storage here \(private browsing\?\): denied/);
    expect(storageProblem(new Error('disk on fire'))).toBe('disk on fire');
    // Node has no IndexedDB: opening says so instead of throwing.
    expect(await RunStore.open()).toEqual({ ok: false, error: 'this browser has no IndexedDB' });
  });
});
