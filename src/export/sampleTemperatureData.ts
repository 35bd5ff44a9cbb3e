import type { SampleTemperatures } from '../core/trainer/sampleTemperatures';
import type { TauQuantilePoint } from '../figures/sampleTemperatureFigure';
import type { DataTable } from './figureData';

/** One row per sample the strip shows: its class (name if known), its τ_i and, for held-out samples, the kNN's verdict. */
export function sampleTemperatureTable(samples: SampleTemperatures, classNames?: readonly string[]): DataTable {
  const verdicts = samples.knnCorrect;
  return {
    name: 'sample-temperatures',
    columns: ['class', 'tau', ...(verdicts ? ['knn_correct'] : [])],
    rows: Array.from(samples.values, (tau, k) => {
      const label = samples.labels[k]!;
      return [classNames?.[label] ?? label, tau, ...(verdicts ? [verdicts[k]!] : [])];
    }),
  };
}

export function tauQuantileTable(history: readonly TauQuantilePoint[]): DataTable {
  return { name: 'tau-quantiles', columns: ['step', 'p05', 'median', 'p95'], rows: history.map((p) => [p.step, p.p05, p.p50, p.p95]) };
}
