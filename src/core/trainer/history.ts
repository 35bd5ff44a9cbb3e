import type { HistoryPoint } from '../config';
import type { Snapshot } from './snapshot';

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** The scalar record of a snapshot, as histories, run files and the runner's JSON lines keep it. */
export function historyPoint(s: Snapshot): HistoryPoint {
  return {
    step: s.step,
    loss: finite(s.loss),
    stepMs: finite(s.stepMs),
    alignment: finite(s.metrics.alignment),
    uniformity: finite(s.metrics.uniformity),
    tolerance: finite(s.metrics.tolerance),
    interClassUniformity: finite(s.metrics.interClassUniformity),
    knnAccuracy: finite(s.metrics.knnAccuracy),
    tauPositiveMean: finite(s.tau.positive.mean),
    tauNegativeMean: finite(s.tau.negative.mean),
    ...(s.learned ? { learnedTau: finite(s.learned.tau), ...(s.learned.bias !== undefined ? { learnedBias: finite(s.learned.bias) } : {}) } : {}),
    ...(s.sampleTau
      ? {
          tauSampleP05: finite(s.sampleTau.quantiles.p05),
          tauSampleMedian: finite(s.sampleTau.quantiles.p50),
          tauSampleP95: finite(s.sampleTau.quantiles.p95),
        }
      : {}),
  };
}
