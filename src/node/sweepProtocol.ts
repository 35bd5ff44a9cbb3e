import type { HistoryPoint, TrainingConfig } from '../core/config';

/** What the sweep sends a worker thread: one run to train. */
export interface SweepJob {
  readonly id: number;
  readonly config: TrainingConfig;
  readonly steps: number;
  readonly evalEvery: number;
}

/** What it answers: the run's history and divergence, or why it could not train at all. */
export type SweepJobResult =
  | { readonly id: number; readonly history: readonly HistoryPoint[]; readonly divergence: { readonly message: string } | null }
  | { readonly id: number; readonly error: string };
