import type { HistoryPoint } from '../../../src/core/config';
import type { Snapshot } from '../../../src/core/trainer/snapshot';
import type { Result } from '../../../src/core/result';

/** The value of a Result that a test expects to hold one; its error, thrown, fails the test. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** A snapshot with empty batch and embedding data, for tests of what happens around snapshots. */
export function fakeSnapshot(step: number, changes: Partial<Snapshot> = {}): Snapshot {
  const empty = new Float32Array(0);
  const summary = { mean: 0.1, min: 0.1, max: 0.1 };
  return {
    step,
    loss: 3.5,
    learningRate: 1e-3,
    stepMs: 1,
    metrics: { alignment: 0.5, uniformity: -2, tolerance: 0.3 },
    batch: {
      similarity: empty,
      labels: new Int32Array(0),
      pairs: { truePositive: empty, falseNegative: empty, trueNegative: empty },
      distances: { tpFn: 0.1, fnTn: 0.2, tpTn: 0.3 },
      alignment: 0.9,
    },
    tau: { positive: summary, negative: summary },
    embedding: { dim: 3, points: empty, labels: new Int32Array(0), views: { pairs: 0, a: empty, b: empty } },
    ...changes,
  };
}

/** An evaluation with fixed metrics but for its step, kNN accuracy and loss, for tests of what reads histories. */
export const historyAt = (step: number, knnAccuracy: number, loss = 5): HistoryPoint => ({
  step,
  loss,
  stepMs: 1,
  alignment: 0.5,
  uniformity: -2,
  tolerance: 0.6,
  interClassUniformity: -1,
  knnAccuracy,
});
