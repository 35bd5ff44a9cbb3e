import { errorMessage } from '../core/errors';
import { analyseEmbeddings, analyseLoss, type PairPassRunner } from '../core/metrics';
import { SeededRandom } from '../core/random';
import { fail, ok, type Result } from '../core/result';
import { createTemperature, formatTemperatureSpec, type Temperature, type TemperatureSetting } from '../core/temperature';
import { parseEmbeddingInputs, type EmbeddingInput } from '../io/embeddings';
import {
  BATCH_SAMPLE,
  PAIR_SAMPLE_CAP,
  PROJECTION_SAMPLE,
  type AnalysisApi,
  type AnalysisEvent,
  type AnalysisListener,
  type AnalysisSettings,
  type LoadedSummary,
  type LoadFiles,
  type ProjectionSample,
} from './analysisProtocol';
import { pcaProjection, umapProjection, type Projection } from './analysisProjection';
import { batchMatrix, gatherRows, samplePairs, sampleRows, unitRows, type UnitRows } from './analysisSample';

const SEED = 1;

interface Loaded {
  readonly id: number;
  readonly input: EmbeddingInput;
  readonly rows: UnitRows;
  readonly settings: AnalysisSettings;
  readonly emit: (event: AnalysisEvent) => void;
  /** The projected rows of view 1 (unit vectors) and their labels. */
  readonly projected: { readonly indices: Int32Array; readonly points: Float32Array; readonly labels: Int32Array };
  umap?: Projection;
  /** The temperature of the last loss computed or being computed. */
  lossSpec?: string;
}

const now = (): number => performance.now();

/**
 * Holds one set of loaded embeddings and analyses it in order: parse (the analyzer's parser), sampled pair
 * types, the batch matrix and the PCA first (host code, fast), then the full streamed metrics with the same
 * core as the analyzer, then the loss again whenever the temperature changes. Also projects the training
 * run's embedding with UMAP. `initBackend` activates a tfjs backend and names it (WebGPU on a real GPU, wasm
 * otherwise, in the worker); `runnerFor` may give the pair pass other hands for that backend (the worker's pool).
 */
export class AnalysisEngine implements AnalysisApi {
  private loaded: Loaded | undefined;
  private tail: Promise<void> = Promise.resolve();
  private backend: Promise<string> | undefined;
  private pendingTemperature: TemperatureSetting | undefined;
  private lossQueued = false;

  private runner: PairPassRunner | undefined;

  constructor(
    private readonly initBackend: () => Promise<string>,
    private readonly runnerFor: (backend: string) => { runner: PairPassRunner; label: string } | undefined = () => undefined,
  ) {}

  /** The backend (started on first use) and who runs the pair pass with it. */
  private async engine(): Promise<string> {
    const backend = await (this.backend ??= this.initBackend().then((name) => {
      const pool = this.runnerFor(name);
      this.runner = pool?.runner;
      return pool ? `${name}, ${pool.label}` : name;
    }));
    return backend;
  }

  async load(id: number, files: LoadFiles, settings: AnalysisSettings, listener: AnalysisListener): Promise<Result<LoadedSummary>> {
    const started = now();
    const parsed = parseEmbeddingInputs(files);
    if (!parsed.ok) return parsed;
    const temperature = createTemperature(settings.temperature);
    if (!temperature.ok) return fail(`temperature: ${temperature.error}`);
    const input = parsed.value;
    const rows = unitRows(input.view1, input.view2, input.labels);
    const random = new SeededRandom(SEED);
    const indices = sampleRows(rows.n, PROJECTION_SAMPLE, random.fork(1));
    const loaded: Loaded = {
      id,
      input,
      rows,
      settings,
      emit: (event) => listener(id, event),
      projected: { indices, points: gatherRows(rows, indices), labels: Int32Array.from(indices, (i) => input.labels?.[i] ?? -1) },
    };
    this.loaded = loaded;
    this.pendingTemperature = undefined;
    // The results start after this call's reply has been posted, so the page knows the id they carry.
    this.tail = this.tail.then(() => new Promise((resolve) => setTimeout(resolve, 0)));
    this.enqueue(loaded, () => this.quickLook(loaded, started));
    this.enqueue(loaded, () => this.metrics(loaded, temperature.value, started));
    const classes = input.labels ? new Set(input.labels).size : 0;
    return ok({
      names: { view1: files.view1.name, view2: files.view2?.name, labels: files.labels?.name },
      n: rows.n,
      dim: rows.dim,
      views: rows.views,
      classes,
      parseMs: now() - started,
    });
  }

  setTemperature(setting: TemperatureSetting): void {
    const loaded = this.loaded;
    if (!loaded?.input.view2) return;
    this.pendingTemperature = setting;
    if (this.lossQueued) return;
    this.lossQueued = true;
    this.enqueue(loaded, () => this.loss(loaded));
  }

  umapLoaded(): void {
    const loaded = this.loaded;
    if (!loaded) return;
    this.enqueue(loaded, async () => {
      const started = now();
      const { points, indices, labels } = loaded.projected;
      loaded.umap ??= await umapProjection(points, indices.length, loaded.rows.dim, SEED, (fraction) => loaded.emit({ type: 'umapProgress', fraction }));
      loaded.emit({ type: 'projection', sample: { projection: loaded.umap, labels }, ms: now() - started });
    });
  }

  umap(points: Float32Array, n: number, dim: number, onProgress: (fraction: number) => void): Promise<Result<Projection>> {
    return new Promise((resolve) => {
      this.tail = this.tail.then(async () => {
        try {
          resolve(ok(await umapProjection(points, n, dim, SEED, onProgress)));
        } catch (e) {
          resolve(fail(`UMAP failed: ${errorMessage(e)}`));
        }
      });
    });
  }

  /** Runs after the tasks before it, and only while `loaded` is still the data on hand. */
  private enqueue(loaded: Loaded, task: () => Promise<void> | void): void {
    this.tail = this.tail.then(async () => {
      if (this.loaded !== loaded) return;
      try {
        await task();
      } catch (e) {
        loaded.emit({ type: 'error', message: errorMessage(e) });
      }
    });
  }

  private quickLook(loaded: Loaded, started: number): void {
    const { rows } = loaded;
    const random = new SeededRandom(SEED);
    const sample = samplePairs(rows, PAIR_SAMPLE_CAP, random.fork(2));
    let batch = null;
    if (rows.views === 2) {
      const { similarity, rows: size } = batchMatrix(rows, sampleRows(rows.n, BATCH_SAMPLE, random.fork(3)));
      batch = { similarity, rows: size, alignment: meanPositive(rows) };
    }
    loaded.emit({ type: 'pairs', pairs: sample, batch, ms: now() - started });
    const { points, indices, labels } = loaded.projected;
    const projection: ProjectionSample = { projection: pcaProjection(points, indices.length, rows.dim), labels };
    loaded.emit({ type: 'projection', sample: projection, ms: now() - started });
  }

  private async metrics(loaded: Loaded, temperature: Temperature, started: number): Promise<void> {
    const spec = formatTemperatureSpec(temperature.setting);
    loaded.emit({ type: 'pending', what: 'metrics', temperature: spec });
    // Started only now, so the backend's self-test does not hold up the first figures.
    const backend = await this.engine();
    loaded.lossSpec = spec;
    const report = await analyseEmbeddings(loaded.input, {
      temperature,
      k: loaded.settings.k,
      knnT: loaded.settings.knnT,
      ...(this.runner ? { runner: this.runner } : {}),
    });
    loaded.emit({ type: 'metrics', report, temperature: spec, backend, ms: now() - started });
  }

  /** The analyzer's loss (analyseEmbeddings' loss part alone) under the latest temperature asked for. */
  private async loss(loaded: Loaded): Promise<void> {
    this.lossQueued = false;
    const setting = this.pendingTemperature;
    if (!setting) return;
    const spec = formatTemperatureSpec(setting);
    if (spec === loaded.lossSpec) return;
    const temperature = createTemperature(setting);
    if (!temperature.ok) return;
    loaded.lossSpec = spec;
    loaded.emit({ type: 'pending', what: 'loss', temperature: spec });
    await this.engine();
    const started = now();
    const { view1, view2 } = loaded.input;
    const { loss } = await analyseLoss(view1, view2!, temperature.value, this.runner ? { runner: this.runner } : {});
    loaded.emit({ type: 'loss', loss, temperature: spec, ms: now() - started });
  }
}

/** Mean of s_i,i+n over all samples (MACL's A). */
function meanPositive(rows: UnitRows): number {
  const { n, dim: d, z } = rows;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) s += z[i * d + q]! * z[(i + n) * d + q]!;
    sum += s;
  }
  return sum / n;
}
