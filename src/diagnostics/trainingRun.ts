import * as tf from '../core/tf';
import { defaultConfig, type TrainingConfig } from '../core/config';
import { makeSpheres, type DatasetData } from '../core/data';
import { Trainer } from '../core/trainer';
import type { BackendName } from '../worker/backends';

/** The run every backend repeats: default config (spheres, MLP), seed 1, the requested batch size. */
export function diagnosticsConfig(batch: number): TrainingConfig {
  return { ...defaultConfig(), seed: 1, batchSize: batch };
}

export function diagnosticsDataset(config: TrainingConfig): DatasetData {
  return makeSpheres({ ...config.dataset.spheres, seed: config.seed });
}

/** A few training steps on the active backend, timed, with what they produced. */
export interface TrainingRun {
  readonly backend: BackendName;
  readonly steps: number;
  /** Mean loss of the steps (from the snapshot). */
  readonly loss: number;
  /** The steps and their snapshot from a fresh trainer: on GPUs mostly shader compilation. */
  readonly firstStepsMs: number;
  /** One snapshot (the read-back and metrics) on its own. */
  readonly snapshotMs?: number;
  /** Per step once warm, the snapshot's time taken out. */
  readonly steadyStepMs?: number;
  /** Held-out embeddings after the steps: they depend on every weight. */
  readonly embedding: Float32Array;
  /** The last batch's similarity matrix. */
  readonly similarity: Float32Array;
}

export async function runTraining(
  backend: BackendName,
  config: TrainingConfig,
  dataset: DatasetData,
  steps: number,
  timingSteps: number,
): Promise<TrainingRun> {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
  const created = Trainer.create(config, dataset);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  try {
    let started = performance.now();
    trainer.train(steps);
    const snapshot = await trainer.snapshot();
    const firstStepsMs = performance.now() - started;
    if (snapshot.divergence) throw new Error(snapshot.divergence.message);
    const run: TrainingRun = {
      backend,
      steps,
      loss: snapshot.loss,
      firstStepsMs,
      embedding: snapshot.embedding.points,
      similarity: snapshot.batch.similarity,
    };
    if (timingSteps === 0) return run;

    started = performance.now();
    await trainer.snapshot();
    const snapshotMs = performance.now() - started;
    started = performance.now();
    trainer.train(timingSteps);
    await trainer.snapshot();
    const steadyStepMs = Math.max(0, performance.now() - started - snapshotMs) / timingSteps;
    return { ...run, snapshotMs, steadyStepMs };
  } finally {
    trainer.dispose();
  }
}

export const STEP_TOLERANCE = 1e-3;

/** How far a backend's steps are from the same steps on cpu. */
export interface StepComparison {
  readonly backend: BackendName;
  readonly loss: number;
  readonly cpuLoss: number;
  /** |loss − cpuLoss| / |cpuLoss|. */
  readonly lossRelativeDifference: number;
  /** Largest coordinate difference of the unit-norm held-out embeddings after the steps. */
  readonly maxEmbeddingDifference: number;
  /** Largest difference in the last batch's cosine similarities. */
  readonly maxSimilarityDifference: number;
  readonly withinTolerance: boolean;
}

export function compareRuns(run: TrainingRun, cpu: TrainingRun, tolerance = STEP_TOLERANCE): StepComparison {
  const lossRelativeDifference = Math.abs(run.loss - cpu.loss) / Math.abs(cpu.loss);
  const maxEmbeddingDifference = maxAbsDifference(run.embedding, cpu.embedding);
  const maxSimilarityDifference = maxAbsDifference(run.similarity, cpu.similarity);
  return {
    backend: run.backend,
    loss: run.loss,
    cpuLoss: cpu.loss,
    lossRelativeDifference,
    maxEmbeddingDifference,
    maxSimilarityDifference,
    withinTolerance: [lossRelativeDifference, maxEmbeddingDifference, maxSimilarityDifference].every((d) => d <= tolerance),
  };
}

/** Largest |a_i − b_i|; Infinity if the lengths differ, NaN if a value is not finite. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return NaN;
    worst = Math.max(worst, d);
  }
  return worst;
}
