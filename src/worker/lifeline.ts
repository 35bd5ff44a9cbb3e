/**
 * Knowing when a worker has ended — terminated, crashed, closed by the browser under memory pressure — which
 * a Worker object never says. The worker holds a Web Lock named after it for its whole life; the page asks
 * for the same lock, which it is granted only once the worker (and so its hold) is gone. No polling, and a
 * worker busy in a long step (a first WebGPU step compiles for tens of seconds) is never taken for dead.
 */

/** A fresh worker name (the Worker's `name` option), which is also its lock's. */
export const lifelineName = (role: string): string => `dystress-${role}-${crypto.randomUUID()}`;

/** Worker side: holds the lock named `name` until the worker ends; resolves once it is held. */
export function holdLifeline(name: string): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return Promise.resolve();
  return new Promise((held) => {
    void locks.request(name, () => {
      held();
      return new Promise<never>(() => undefined);
    });
  });
}

/**
 * Page side: once `held` resolves (the worker holds its lock), waits for the lock; `onEnd` runs when the
 * worker has ended, whoever ended it. Without Web Locks it never runs.
 */
export function watchLifeline(name: string, held: Promise<unknown>, onEnd: () => void): void {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return;
  void held.then(
    () => locks.request(name, () => onEnd()),
    () => onEnd(),
  );
}
