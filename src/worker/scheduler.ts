/** Time and waiting, injected into the training loop so tests can drive it without real time. */
export interface Scheduler {
  now(): number;
  /** Lets queued messages (pause, setParams) run, without the ≥ 4 ms clamp nested setTimeouts get. */
  yieldNow(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  yieldNow: () =>
    new Promise((resume) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resume();
      };
      channel.port2.postMessage(null);
    }),
  sleep: (ms) => new Promise((resume) => setTimeout(resume, ms)),
};
