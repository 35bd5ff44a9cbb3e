import { proxy } from 'comlink';
import { backendOrder, type TrainingConfig } from '../../core/config';
import type { Snapshot } from '../../core/trainer/snapshot';
import { DEFAULT_RENDER_RATE, DEFAULT_SPEED_LIMIT, frameDue } from '../../state/pacing';
import { initialRunState, runReducer, type RunAction, type RunState } from '../../state/run';
import { runSummary, type RecordedRun } from '../../state/runFiles';
import { initialOwnData, ownDataReducer, tooLargeToRead, type OwnDataAction, type OwnDataState } from '../../state/ownData';
import { initialSettings, liveChanges, settingsReducer, trainingSamples, withLiveFields, type LabSettings, type SettingsAction, type SettingsState } from '../../state/settings';
import { BATCH_SIZES } from '../../state/url';
import type { OwnDataFiles } from '../../io/ownData';
import { currentOwnDataFiles, setCurrentOwnDataFiles } from '../ownData/ownDataFiles';
import { createEngine, dataBaseUrl, type Engine, type EngineStatus } from '../../worker/client';
import { loadableStudioReducer, studioStateFor, type LoadableStudioAction } from '../share/studioLoad';
import { currentTemperature, type StudioState } from '../studio/studioState';

/** Everything the page draws from; a new object whenever something changed. */
export interface LabView {
  readonly run: RunState;
  readonly settings: SettingsState;
  /** The temperature controls: drafts, the valid curve per family, pins. The run's τ is the current curve's. */
  readonly studio: StudioState;
  /** Steps per second allowed (0: as fast as possible). */
  readonly speedLimit: number;
  /** Figure updates (and snapshots) per second. */
  readonly renderRate: number;
  /** An init or reset is in flight. */
  readonly restarting: boolean;
  /** The user's own data loaded in this tab ("Your data"). */
  readonly ownData: OwnDataState;
}

/**
 * The lab's one connection to the training worker. It folds the worker's snapshots and statuses into the
 * run state as they arrive (so no history point is missed) but publishes to the page at most `renderRate`
 * times a second, in an animation frame, with the newest state: stale snapshots are never drawn. Anything
 * the user did (a click, a slider) is published in the next frame.
 */
export class LabController {
  private engine: Engine | undefined;
  private run: RunState;
  private settings: SettingsState;
  private studio: StudioState;
  private speedLimit = DEFAULT_SPEED_LIMIT;
  private renderRate = DEFAULT_RENDER_RATE;
  private restarting = false;
  private ownData: OwnDataState = initialOwnData;
  /** Settings were loaded during a restart: apply them once it is done. */
  private applyAfterRestart = false;
  private view: LabView;
  private readonly listeners = new Set<(urgent: boolean) => void>();
  private frameRequested = false;
  /** Something changed since the page was last told. */
  private pending = false;
  private urgent = false;
  private lastFrameAt: number | null = null;

  constructor(settings: LabSettings) {
    this.run = initialRunState(settings.backend);
    this.studio = studioStateFor(settings.config.temperature);
    this.settings = initialSettings(this.withStudioTemperature(settings).config, settings.backend);
    this.view = this.snapshotView();
  }

  // ------------------------------------------------------------------------------------ the page's store

  /**
   * Listeners learn whether the view they are told of answers the user (urgent: draw it now) or only brings
   * training progress, which the page may draw in interruptible slices.
   */
  readonly subscribe = (listener: (urgent: boolean) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getView = (): LabView => this.view;

  // ------------------------------------------------------------------------------------------- lifecycle

  /** Starts a worker and a run with the applied settings. Safe to call again after stop(). */
  start(): void {
    this.stop();
    const engine = createEngine((why) => {
      if (this.engine !== engine) return;
      this.engine = undefined;
      this.restarting = false;
      this.dispatchRun({ type: 'lost', why }, true);
    });
    this.engine = engine;
    const current = (): boolean => this.engine === engine;
    void engine.api.onSnapshot(proxy((snapshot: Snapshot) => current() && this.dispatchRun({ type: 'snapshot', snapshot, at: performance.now() }, false)));
    void engine.api.onStatus(
      proxy((status: EngineStatus) => {
        if (!current()) return;
        this.dispatchRun({ type: 'status', status, at: performance.now() }, true);
        if (status.type === 'deviceLost') this.fallBack(status.step, status.message);
      }),
    );
    void engine.api.setSpeed({ stepsPerSecond: this.speedLimit, snapshotsPerSecond: this.renderRate });
    // A new worker (after stop()) gets the data loaded before; the calls run in order, so before the run starts.
    const files = currentOwnDataFiles();
    if (files) void engine.api.setOwnData(files, this.settings.applied.config.dataset.own.imageFormat);
    void this.restart(this.settings.applied);
  }

  stop(): void {
    this.engine?.dispose();
    this.engine = undefined;
    // A restart of the disposed worker never answers; the next start() must not wait for it.
    this.restarting = false;
  }

  // ------------------------------------------------------------------------------------------- transport

  togglePlay(): void {
    if (this.run.running) void this.engine?.api.pause();
    else this.play();
  }

  play(): void {
    if (!this.canTrain()) return;
    this.dispatchRun({ type: 'dismissAlert' }, true);
    void this.engine!.api.play();
  }

  step(n: number): void {
    if (!this.canTrain() || this.run.running) return;
    void this.engine!.api.stepOnce(n);
  }

  /** Back to step 0 with the applied settings; changes waiting for a restart stay waiting. */
  reset(): void {
    void this.restart(this.settings.applied);
  }

  /** Restarts with the draft: the restart-needed fields take effect. */
  readonly applyDraft = (): void => {
    void this.restart(this.settings.draft);
  };

  setSpeedLimit(stepsPerSecond: number): void {
    this.speedLimit = stepsPerSecond;
    void this.engine?.api.setSpeed({ stepsPerSecond });
    this.publishSoon(true);
  }

  setRenderRate(perSecond: number): void {
    this.renderRate = perSecond;
    // No use reading back more often than the figures can show.
    void this.engine?.api.setSpeed({ snapshotsPerSecond: perSecond });
    this.publishSoon(true);
  }

  /**
   * After the worker ended: a new worker trains the last configuration again from step 0 (the weights went
   * with the worker), and the history up to where it ended is drawn beside the new run.
   */
  recoverFromLostWorker(): void {
    this.keepHistoryBeside('before the worker stopped');
    this.start();
  }

  /**
   * The GPU device was lost: the run moves to the next backend in a new worker (the weights were on the
   * device), from step 0, with its history up to `step` drawn beside it, and the page says so.
   */
  private fallBack(step: number, why: string): void {
    const from = this.run.info?.backend.actual ?? 'webgpu';
    const to = backendOrder[backendOrder.indexOf(from) + 1] ?? 'cpu';
    this.keepHistoryBeside(`before the ${from} device was lost`);
    // Both: the controls and the link show the backend the run is on now.
    this.dispatchSettings({ type: 'edit', draft: { ...this.settings.draft, backend: to } });
    this.dispatchSettings({ type: 'applied', settings: { ...this.settings.applied, backend: to } });
    this.dispatchRun({ type: 'fellBack', news: { step, from, to, why } }, true);
    this.start();
  }

  /** The run's history so far, drawn beside the next run under `label`. */
  private keepHistoryBeside(label: string): void {
    const points = this.run.history.points;
    if (points.length === 0) return;
    const { config } = this.settings.applied;
    this.dispatchRun({ type: 'showRecorded', recorded: { label: `${label} · ${runSummary(config, points)}`, config, history: points } }, true);
  }

  dismissAlert(): void {
    this.dispatchRun({ type: 'dismissAlert' }, true);
  }

  /** The way back from a divergence: a smaller step, from the restored weights. */
  halveLearningRateAndContinue(): void {
    const { config } = this.settings.draft;
    this.editDraft({ ...this.settings.draft, config: { ...config, optimizer: { ...config.optimizer, learningRate: config.optimizer.learningRate / 2 } } });
    this.play();
  }

  // -------------------------------------------------------------------------------------------- settings

  // Bound once, so the settings panels can skip re-rendering while only the run changes.

  /** A control changed the draft; live parameters go to the trainer at once. Its τ is always the studio's. */
  // A control's change is applied to the newest draft, not to the one its panel last rendered: two edits
  // between two renders (a fast typist, a test) both count.
  readonly editDraft = (change: LabSettings | ((draft: LabSettings) => LabSettings)): void => {
    const draft = typeof change === 'function' ? change(this.settings.draft) : change;
    this.dispatchSettings({ type: 'edit', draft: this.withStudioTemperature(draft) });
  };

  readonly editConfig = (change: (config: TrainingConfig) => TrainingConfig): void => this.editDraft((draft) => ({ ...draft, config: change(draft.config) }));

  readonly revertDraft = (): void => {
    this.dispatchSettings({ type: 'revert' });
  };

  /**
   * Whole settings (a preset, a run file, a tour step) become the draft and start a new run; their
   * temperature is loaded into the studio.
   */
  readonly applySettings = (settings: LabSettings): void => {
    this.studio = loadableStudioReducer(this.studio, { type: 'load', setting: settings.config.temperature });
    this.editDraft(settings);
    if (this.restarting) this.applyAfterRestart = true;
    else void this.restart(settings);
  };

  /** Draws a recorded run (or none) beside the live one in the training figures. */
  readonly showRecorded = (recorded: RecordedRun | null): void => {
    this.dispatchRun({ type: 'showRecorded', recorded }, true);
  };

  /**
   * The temperature controls. The page hears of the change before this returns: a range input redrawn a
   * frame later would first snap back to its old value.
   */
  readonly dispatchStudio = (action: LoadableStudioAction): void => {
    const before = currentTemperature(this.studio);
    this.studio = loadableStudioReducer(this.studio, action);
    if (currentTemperature(this.studio) !== before) this.editDraft(this.settings.draft);
    this.publishNow();
  };

  /**
   * "Your data": the training worker decodes the files; good ones become the data of a new run at once (the
   * draft's dataset, restarted like a loaded preset), bad ones are reported and change nothing.
   */
  readonly loadOwnData = async (data: File, labels?: File): Promise<void> => {
    const engine = this.engine;
    if (!engine) return;
    const tooLarge = tooLargeToRead(data) ?? (labels ? tooLargeToRead(labels) : null);
    if (tooLarge) return this.dispatchOwnData({ type: 'refused', error: tooLarge });
    this.dispatchOwnData({ type: 'loading' });
    let files: OwnDataFiles;
    try {
      files = { data: { name: data.name, bytes: await data.arrayBuffer() }, ...(labels ? { labels: { name: labels.name, bytes: await labels.arrayBuffer() } } : {}) };
    } catch (e) {
      return this.dispatchOwnData({ type: 'refused', error: `${data.name}: the browser could not read the file (${e instanceof Error ? e.message : String(e)})` });
    }
    const { config } = this.settings.draft;
    const result = await engine.api.setOwnData(files, config.dataset.own.imageFormat);
    if (this.engine !== engine) return;
    if (!result.ok) return this.dispatchOwnData({ type: 'refused', error: result.error });
    const summary = result.value!;
    setCurrentOwnDataFiles(files);
    this.dispatchOwnData({ type: 'loaded', summary });
    const draft = this.settings.draft;
    const encoder = summary.id === 'vectors' ? 'mlp' : draft.config.model.encoder;
    this.applySettings({
      ...draft,
      config: {
        ...draft.config,
        dataset: { ...draft.config.dataset, id: summary.id, own: { ...draft.config.dataset.own, name: summary.name } },
        model: { ...draft.config.model, encoder },
        batchSize: batchFor(draft.config.batchSize, trainingSamples({ ...draft.config, dataset: { ...draft.config.dataset, id: summary.id } }, summary)),
      },
    });
  };

  // ----------------------------------------------------------------------------------------------- inner

  private dispatchOwnData(action: OwnDataAction): void {
    this.ownData = ownDataReducer(this.ownData, action);
    this.publishSoon(true);
  }

  private withStudioTemperature(settings: LabSettings): LabSettings {
    const temperature = currentTemperature(this.studio).setting;
    return settings.config.temperature === temperature ? settings : { ...settings, config: { ...settings.config, temperature } };
  }

  private canTrain(): boolean {
    return this.engine !== undefined && this.run.phase === 'ready' && !this.restarting;
  }

  private async restart(settings: LabSettings): Promise<void> {
    const engine = this.engine;
    if (!engine || this.restarting) return;
    this.restarting = true;
    this.dispatchRun({ type: 'starting', backend: settings.backend }, true);
    // init, not reset: it also works after a failed start, and changes the backend when asked to.
    const result = await engine.api.init(settings.config, settings.backend, dataBaseUrl());
    if (this.engine !== engine) return;
    this.restarting = false;
    if (result.ok) {
      // Live controls moved during the restart still count: the new run gets them at once.
      const started = result.value.config;
      const config = withLiveFields(started, this.settings.draft.config);
      this.dispatchSettings({ type: 'applied', settings: { config, backend: settings.backend } });
      this.dispatchRun({ type: 'ready', info: result.value }, true);
      const changes = liveChanges(started, config);
      if (changes) void engine.api.setParams(changes);
    } else {
      this.dispatchRun({ type: 'failed', message: `The run could not start: ${result.error}` }, true);
    }
    if (this.applyAfterRestart) {
      this.applyAfterRestart = false;
      void this.restart(this.settings.draft);
    }
  }

  private dispatchRun(action: RunAction, urgent: boolean): void {
    this.run = runReducer(this.run, action);
    this.publishSoon(urgent);
  }

  private dispatchSettings(action: SettingsAction): void {
    const before = this.settings.applied.config;
    this.settings = settingsReducer(this.settings, action);
    const changes = action.type === 'edit' ? liveChanges(before, this.settings.applied.config) : null;
    if (changes && this.run.phase === 'ready') void this.engine?.api.setParams(changes);
    this.publishSoon(true);
  }

  private snapshotView(): LabView {
    return {
      run: this.run,
      settings: this.settings,
      studio: this.studio,
      speedLimit: this.speedLimit,
      renderRate: this.renderRate,
      restarting: this.restarting,
      ownData: this.ownData,
    };
  }

  private publishSoon(urgent: boolean): void {
    this.pending = true;
    this.urgent ||= urgent;
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(this.onFrame);
  }

  private publishNow(): void {
    this.pending = false;
    this.urgent = false;
    this.view = this.snapshotView();
    for (const listener of this.listeners) listener(true);
  }

  private readonly onFrame = (now: number): void => {
    this.frameRequested = false;
    if (!this.pending) return;
    if (!this.urgent && !frameDue(now, this.lastFrameAt, this.renderRate)) {
      this.frameRequested = true;
      requestAnimationFrame(this.onFrame);
      return;
    }
    const urgent = this.urgent;
    this.pending = false;
    this.urgent = false;
    this.lastFrameAt = now;
    this.view = this.snapshotView();
    for (const listener of this.listeners) listener(urgent);
  };
}

/** The batch size kept for new data: the largest the lab offers that its training set can fill, if smaller. */
function batchFor(batch: number, trainingSamples: number): number {
  if (batch <= trainingSamples) return batch;
  return [...BATCH_SIZES].reverse().find((b) => b <= trainingSamples) ?? batch;
}
