import { parseTrainingConfig } from '../core/config';
import { ok, type Result } from '../core/result';
import { runExperiment, Trainer } from '../core/trainer';
import { EngineBase } from './engineBase';
import type { SweepTrainOutcome, SweepTrainRequest, SweepWorkerApi } from './sweepProtocol';

/**
 * The sweep worker's engine: one headless run per call, in call order, on a fresh Trainer over the config's
 * dataset; the trainer is freed after each run. Exactly the run `npm run experiment` makes of the config.
 */
export class SweepEngine extends EngineBase implements SweepWorkerApi {
  train({ config, steps, evalEvery, backend, dataBaseUrl }: SweepTrainRequest): Promise<Result<SweepTrainOutcome>> {
    return this.serially(async () => {
      const parsed = parseTrainingConfig(config);
      if (!parsed.ok) return parsed;
      const selected = await this.backendFor(backend);
      const dataset = await this.datasets.load(parsed.value, dataBaseUrl);
      if (!dataset.ok) return dataset;
      const trainer = Trainer.create(parsed.value, dataset.value);
      if (!trainer.ok) return trainer;
      try {
        const outcome = await runExperiment(trainer.value, { steps, evalEvery });
        return ok({ history: outcome.history, divergence: outcome.divergence && { message: outcome.divergence.message }, backend: selected.actual });
      } finally {
        trainer.value.dispose();
      }
    });
  }
}
