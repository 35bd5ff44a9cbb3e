import { proxy } from 'comlink';
import type { Snapshot } from '../core/trainer';
import type { BackendChoice, BackendReport } from '../worker/backends';
import { createEngine, dataBaseUrl, type EngineStatus } from '../worker/client';
import type { DatasetSummary } from '../worker/datasets';
import type { TrainingConfig } from '../core/config';

/** What one snapshot that crossed the worker boundary looked like. */
export interface ReceivedSnapshot {
  readonly step: number;
  readonly loss: number;
  readonly embeddingValues: number;
  readonly similarityValues: number;
}

export interface WorkerCheck {
  readonly backend: BackendReport;
  readonly dataset: DatasetSummary;
  readonly afterStepOnce: ReceivedSnapshot;
  /** The last snapshot after playing for a while and pausing. */
  readonly afterPlay: ReceivedSnapshot;
  readonly snapshots: number;
  readonly statuses: readonly EngineStatus['type'][];
  readonly passed: boolean;
}

const PLAY_SNAPSHOTS = 3;
const PLAY_TIMEOUT_MS = 120_000;

/** The training worker end to end: init, stepOnce(3), play until a few snapshots arrive, pause. */
export async function checkWorker(config: TrainingConfig, backend: BackendChoice): Promise<WorkerCheck> {
  // A worker that ends mid-check fails the check by its calls never answering within the timeouts.
  const engine = createEngine(() => undefined);
  try {
    const received: ReceivedSnapshot[] = [];
    const statuses: EngineStatus[] = [];
    await engine.api.onSnapshot(proxy((s: Snapshot) => received.push(summarise(s))));
    await engine.api.onStatus(proxy((s: EngineStatus) => statuses.push(s)));
    const init = await engine.api.init(config, backend, dataBaseUrl());
    if (!init.ok) throw new Error(`init: ${init.error}`);
    const stepped = await engine.api.stepOnce(3);
    if (!stepped.ok) throw new Error(`stepOnce: ${stepped.error}`);
    await until(() => received.length >= 1, PLAY_TIMEOUT_MS, 'the snapshot of stepOnce(3)');
    const afterStepOnce = received[0]!;

    const played = await engine.api.play();
    if (!played.ok) throw new Error(`play: ${played.error}`);
    await until(() => received.length >= 1 + PLAY_SNAPSHOTS, PLAY_TIMEOUT_MS, `${PLAY_SNAPSHOTS} snapshots while playing`);
    await engine.api.pause();
    const failure = statuses.find((s) => s.type === 'error' || s.type === 'divergence');
    if (failure) throw new Error(`the loop reported ${JSON.stringify(failure)}`);
    const afterPlay = received[received.length - 1]!;
    return {
      backend: init.value.backend,
      dataset: init.value.datasetSummary,
      afterStepOnce,
      afterPlay,
      snapshots: received.length,
      statuses: statuses.map((s) => s.type),
      passed:
        afterStepOnce.step === 3 &&
        afterPlay.step > afterStepOnce.step &&
        received.every((s) => Number.isFinite(s.loss) && s.embeddingValues > 0 && s.similarityValues > 0),
    };
  } finally {
    engine.dispose();
  }
}

function summarise(s: Snapshot): ReceivedSnapshot {
  return { step: s.step, loss: s.loss, embeddingValues: s.embedding.points.length, similarityValues: s.batch.similarity.length };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resume) => setTimeout(resume, 20));
  }
}
