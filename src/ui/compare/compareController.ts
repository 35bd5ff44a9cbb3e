import { proxy } from 'comlink';
import type { ComparePlan } from '../../core/config';
import type { TemperatureSetting } from '../../core/temperature';
import { compareReducer, initialCompareState, temperatureLabel, type CompareAction, type CompareState } from '../../state/compare';
import type { RunState } from '../../state/run';
import type { BackendChoice } from '../../worker/backends';
import { dataBaseUrl } from '../../worker/client';
import { currentOwnDataFiles } from '../ownData/ownDataFiles';
import { createCompareEngine, type CompareEngineHandle } from '../../worker/compareClient';
import type { CompareRecord, CompareStatus } from '../../worker/compareProtocol';

/**
 * Pinned runs and the comparison worker. Each comparison gets a worker of its own: a new comparison or
 * Cancel terminates the previous one, so none of its messages can reach the next and its memory is freed.
 */
export class CompareController {
  private engine: CompareEngineHandle | undefined;
  private state: CompareState = initialCompareState;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): CompareState => this.state;

  /** Freezes the main run's history under its temperature's name. */
  pin(run: RunState, temperature: TemperatureSetting): void {
    this.dispatch({
      type: 'pin',
      label: `${temperatureLabel(temperature)} · step ${run.step.toLocaleString('en-US')}`,
      temperature,
      history: run.history.points,
      distances: run.distances.points,
      batch: run.latest?.batch.similarity ?? new Float32Array(0),
    });
  }

  unpin(id: number): void {
    this.dispatch({ type: 'unpin', id });
  }

  dismissNotice(): void {
    this.dispatch({ type: 'dismissNotice' });
  }

  async start(plan: ComparePlan, backend: BackendChoice): Promise<void> {
    this.closeEngine();
    this.dispatch({ type: 'starting', plan });
    const id = this.state.comparison!.id;
    const engine = createCompareEngine();
    this.engine = engine;
    const current = (): boolean => this.engine === engine;
    await engine.api.onRecords(proxy((records: readonly CompareRecord[]) => current() && this.dispatch({ type: 'records', id, records })));
    await engine.api.onStatus(proxy((status: CompareStatus) => current() && this.dispatch({ type: 'status', id, status })));
    // A comparison on your own data trains on the files loaded in this tab (none after a reload: it says so).
    const files = currentOwnDataFiles();
    if (files) await engine.api.setOwnData(files, plan.config.dataset.own.imageFormat);
    const started = await engine.api.start(plan, backend, dataBaseUrl());
    if (current() && !started.ok) this.dispatch({ type: 'failed', id, message: `The comparison could not start: ${started.error}` });
  }

  pause(): void {
    void this.engine?.api.pause();
  }

  resume(): void {
    void this.engine?.api.resume();
  }

  /** Stops the comparison and frees its worker; its results stay on screen until cleared. */
  cancel(): void {
    const comparison = this.state.comparison;
    this.closeEngine();
    if (comparison) this.dispatch({ type: 'cancelled', id: comparison.id });
  }

  clear(): void {
    this.closeEngine();
    this.dispatch({ type: 'clear' });
  }

  dispose(): void {
    this.closeEngine();
  }

  private closeEngine(): void {
    this.engine?.dispose();
    this.engine = undefined;
  }

  private dispatch(action: CompareAction): void {
    this.state = compareReducer(this.state, action);
    for (const listener of this.listeners) listener();
  }
}
