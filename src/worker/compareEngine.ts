import { parseComparePlan } from '../core/config';
import { errorMessage } from '../core/errors';
import { fail, ok, type Result } from '../core/result';
import type { BackendChoice } from './backends';
import { CompareRunner } from './compareRunner';
import {
  type CompareApi,
  type CompareStarted,
  type CompareStatus,
  type CompareStatusListener,
  type RecordsListener,
} from './compareProtocol';
import { EngineBase, notify } from './engineBase';

/**
 * The comparison worker's engine (see CompareApi): one CompareRunner at a time, trained chunk by chunk
 * (evalEvery steps of every run, then one evaluation of each) until done, paused or cancelled. Lifecycle
 * calls run one at a time in call order; pause acts between two runs' chunks.
 */
export class CompareEngine extends EngineBase implements CompareApi {
  private runner: CompareRunner | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private recordsListener: RecordsListener | undefined;
  private statusListener: CompareStatusListener | undefined;

  start(plan: unknown, backend: BackendChoice, dataBaseUrl: string): Promise<Result<CompareStarted>> {
    return this.serially(async () => {
      const parsed = parseComparePlan(plan);
      if (!parsed.ok) return parsed;
      await this.close();
      const selected = await this.backendFor(backend);
      const runner = await CompareRunner.create(parsed.value, (config) => this.datasets.load(config, dataBaseUrl));
      if (!runner.ok) return runner;
      this.runner = runner.value;
      this.emitRecords(await runner.value.evaluate());
      this.play();
      return ok({ backend: selected, runs: runner.value.runs });
    });
  }

  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  resume(): Promise<Result<void>> {
    return this.serially(async () => {
      if (!this.runner) return fail('there is no comparison to resume');
      this.play();
      return ok(undefined);
    });
  }

  cancel(): Promise<void> {
    return this.serially(async () => {
      await this.close();
      return ok(undefined);
    }).then(() => undefined);
  }

  onRecords(listener: RecordsListener): void {
    this.recordsListener = listener;
  }

  onStatus(listener: CompareStatusListener): void {
    this.statusListener = listener;
  }

  private play(): void {
    const runner = this.runner;
    if (!runner || this.running) return;
    if (runner.finished) {
      this.emitStatus({ type: 'done', step: runner.step });
      return;
    }
    this.running = true;
    this.emitStatus({ type: 'running', step: runner.step });
    this.loop = this.run(runner);
  }

  private async run(runner: CompareRunner): Promise<void> {
    try {
      while (this.running && !runner.finished) {
        const records = await runner.advance(() => this.scheduler.yieldNow());
        this.emitRecords(records);
        this.emitStatus({ type: 'running', step: runner.step });
        await this.scheduler.yieldNow();
      }
      this.emitStatus(runner.finished ? { type: 'done', step: runner.step } : { type: 'paused', step: runner.step });
    } catch (e) {
      this.emitStatus({ type: 'error', message: `the comparison stopped: ${errorMessage(e)}` });
    } finally {
      this.running = false;
      this.loop = undefined;
    }
  }

  private async close(): Promise<void> {
    await this.pause();
    this.runner?.dispose();
    this.runner = undefined;
  }

  private emitRecords(records: Parameters<RecordsListener>[0]): void {
    if (records.length > 0) notify(this.recordsListener, records);
  }

  private emitStatus(status: CompareStatus): void {
    notify(this.statusListener, status);
  }
}
