import * as tf from '../tf';
import type { LiveParams, Objective, TrainingConfig } from '../config';
import { augmentImages, augmentVectors, gatherInputs, gathersOnHost, sampleBatch, uploadRows, uploadSet, type DatasetData } from '../data';
import { learnedScaleNtXentLoss, ntXentLoss, objectiveProblem, pairMasks, sigmoidPairLabels, siglipLoss, type LossOptions, type PairMasks } from '../loss';
import { IsogclrState, isogclrStep } from '../loss/isogclr';
import { predictedTau, tauUncertaintyLoss } from '../loss/tauUncertainty';
import { denseLabels, interClassUniformity, pairBlockFromEmbeddings, PairMetrics, splitBatchPairs, wasserstein1Sorted } from '../metrics';
import { createModel, createOptimizer, matMul, type Model, type Optimizer } from '../model';
import { mixSeed, SeededRandom } from '../random';
import { fail, ok, type Result } from '../result';
import { createTemperature, effectiveTemperature, predictsTemperature, type LearnedValues, type Temperature } from '../temperature';
import { learnedParametersFor, type LearnedParameters } from './learnedParameters';
import { heldOutSampleTemperatures, trainingSampleTemperatures, type SampleTemperatures } from './sampleTemperatures';
import { summarise, type Divergence, type Snapshot } from './snapshot';

/** What a learned scale's readout adds to the packed read-back: τ and SigLIP's bias (NaN without one). */
const LEARNED_READOUT = 2;
const STATS = 4; // loss sum, first non-finite loss step, first non-finite gradient step, eval alignment
/** Positive pairs (two augmented views of one held-out sample) the embedding view can link. */
const POSITIVE_PAIRS_SHOWN = 48;
const SEED_BATCHES = 0x62617463;
const SEED_EVAL = 0x6576616c;
const SEED_AUGMENT = 0x61756720;
const SEED_STRIP = 0x73747270;

/** Weights and optimizer state at the last healthy snapshot. */
interface Checkpoint {
  readonly step: number;
  readonly tensors: readonly tf.Tensor[];
  /** The learned loss parameters of that moment, restored only if the run still has the same ones. */
  readonly learned?: { readonly owner: LearnedParameters; readonly tensors: readonly tf.Tensor[] };
}

/**
 * SimCLR-style training of a small encoder with a per-pair temperature. Steps dispatch work and never read
 * back; `snapshot()` reads everything the UI needs in one packed read-back, checks that the run is still
 * finite and, if not, restores the last healthy weights.
 */
export class Trainer {
  private stepCount = 0;
  private stepsSinceSnapshot = 0;
  private lastSnapshotTime = performance.now();
  private lossOptions: LossOptions;
  private augmentation: TrainingConfig['augmentation'];
  private readonly batchRng: SeededRandom;
  private lastZ: tf.Tensor2D | undefined;
  private lastBatchLabels = new Int32Array(0);
  /** Device-side accumulators, read only in snapshot(). */
  private lossSum: tf.Scalar = tf.scalar(0);
  private firstBadLoss: tf.Scalar = tf.scalar(-1);
  private firstBadGradient: tf.Scalar = tf.scalar(-1);
  private checkpoint: Checkpoint;
  private lastGood: Snapshot | undefined;
  /** Where a training batch's rows are gathered before upload (wasm, cpu), made once. */
  private readonly batchRows: Float32Array | undefined;
  /** The loss's masks for the training batch, made once (remade if DCL is switched). */
  private masks: { readonly decoupled: boolean; readonly masks: PairMasks } | undefined;
  /** Scalars the loss learns beside the encoder (a learned τ), made and remade as the settings call for them. */
  private learned: LearnedParameters | undefined;
  private learningRate: number;
  private objective: Objective;
  /** SigLIP's pair labels for the training batch, made once. */
  private sigmoidLabels: tf.Tensor2D | undefined;
  /** iSogCLR's τ_i, s_i and m_i per training sample, while the temperature is trained per sample. */
  private perSample: IsogclrState | undefined;
  /** τ of each row of the last batch, for temperatures trained per sample. */
  private lastRowTau: tf.Tensor1D | undefined;
  private strip: Int32Array | undefined;

  private constructor(
    readonly config: TrainingConfig,
    private readonly dataset: DatasetData,
    private readonly model: Model,
    private readonly optimizer: Optimizer,
    /** The training split on the device, for the backends that gather there (GPU); else undefined. */
    private readonly trainInputs: tf.Tensor | undefined,
    private readonly evalInputs: { clean: tf.Tensor; viewA: tf.Tensor; viewB: tf.Tensor; labels: Int32Array; indices: Int32Array },
    temperature: Temperature,
  ) {
    this.lossOptions = {
      temperature,
      detachTemperature: config.loss.detachTemperature,
      decoupled: config.loss.decoupled,
      step: 0,
    };
    this.augmentation = config.augmentation;
    this.learningRate = config.optimizer.learningRate;
    this.objective = config.loss.objective;
    this.learned = learnedParametersFor(temperature, config.optimizer, undefined, this.objective);
    this.batchRng = new SeededRandom(mixSeed(config.seed, SEED_BATCHES));
    this.batchRows = trainInputs ? undefined : new Float32Array(config.batchSize * dataset.featureSize);
    this.checkpoint = this.takeCheckpoint();
  }

  /** Which held-out samples (indices into the dataset's eval split) the snapshots' embedding points are. */
  embeddingSamples(): Int32Array {
    return this.evalInputs.indices.slice(0, Math.min(this.config.evaluation.embeddingPoints, this.evalInputs.indices.length));
  }

  static create(config: TrainingConfig, dataset: DatasetData): Result<Trainer> {
    const temperature = createTemperature(config.temperature);
    if (!temperature.ok) return temperature;
    const problem = objectiveProblem(config.loss.objective, temperature.value);
    if (problem) return fail(problem);
    if (config.batchSize > dataset.train.n) {
      return fail(`batch size ${config.batchSize} exceeds the ${dataset.train.n} training samples of ${dataset.label}`);
    }
    if (config.model.encoder === 'cnn' && dataset.kind !== 'image') return fail('the CNN encoder needs an image dataset');
    const model = createModel(config.model, dataset.inputShape, config.seed, { uncertaintyUnit: predictsTemperature(temperature.value.family) });
    const optimizer = createOptimizer(config.optimizer, model.variables);
    const trainInputs = gathersOnHost(tf.getBackend()) ? undefined : uploadSet(dataset.train, dataset);

    // A fixed, seeded held-out subset with two fixed augmented views: metrics stay comparable across snapshots.
    const evalRng = new SeededRandom(mixSeed(config.seed, SEED_EVAL));
    const count = Math.min(config.evaluation.samples, dataset.eval.n);
    const indices = evalRng.sampleWithoutReplacement(dataset.eval.n, count);
    const evalSet = uploadSet(dataset.eval, dataset);
    const clean = tf.keep(gatherInputs(evalSet, indices, dataset));
    evalSet.dispose();
    const augment = (x: tf.Tensor, seed: number) => augmentBatch(x, dataset, config.augmentation, seed);
    const evalInputs = {
      clean,
      viewA: tf.keep(augment(clean, mixSeed(config.seed, SEED_EVAL, 1))),
      viewB: tf.keep(augment(clean, mixSeed(config.seed, SEED_EVAL, 2))),
      labels: Int32Array.from(indices, (i) => dataset.eval.labels[i]!),
      indices: Int32Array.from(indices),
    };
    return ok(new Trainer(config, dataset, model, optimizer, trainInputs, evalInputs, temperature.value));
  }

  get step(): number {
    return this.stepCount;
  }

  get temperature(): Temperature {
    return this.lossOptions.temperature;
  }

  /** Dispatches n optimisation steps. No read-back: divergence is detected at the next snapshot. */
  train(n: number): void {
    for (let k = 0; k < n; k++) this.trainStep();
  }

  private trainStep(): void {
    const t = this.stepCount + 1;
    const indices = sampleBatch(this.dataset.train, this.config.batchSize, this.batchRng);
    // Without labels every other sample is a negative of its own: the sample's index stands in for its class.
    this.lastBatchLabels = this.dataset.unlabelled ? Int32Array.from(indices) : Int32Array.from(indices, (i) => this.dataset.train.labels[i]!);
    const options = lossOptionsAt(this.lossOptions, t);
    const masks = this.batchMasks();
    const perSample = this.perSampleState();
    let z: tf.Tensor2D | undefined;
    const learned = this.learned;
    const trainable = [...this.model.variables, ...(learned?.variables ?? [])];
    let rowTau: tf.Tensor1D | undefined;
    let nextState: ReturnType<typeof isogclrStep>['next'] | undefined;
    const { value, grads } = tf.tidy(() => {
      const x = this.trainInputs
        ? gatherInputs(this.trainInputs, indices, this.dataset)
        : uploadRows(this.dataset.train, indices, this.dataset, this.batchRows!);
      const views = tf.concat([
        augmentBatch(x, this.dataset, this.augmentation, mixSeed(this.config.seed, SEED_AUGMENT, t, 1)),
        augmentBatch(x, this.dataset, this.augmentation, mixSeed(this.config.seed, SEED_AUGMENT, t, 2)),
      ]);
      return tf.variableGrads(() => {
        const predicted = predictsTemperature(options.temperature.family) ? this.model.embedWithUncertainty?.(views) : undefined;
        const embedded = predicted?.z ?? this.model.embed(views);
        z = tf.keep(tf.clone(embedded)) as tf.Tensor2D;
        const [z1, z2] = tf.split(embedded, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        if (predicted) {
          // Temperature as Uncertainty: each row's τ from the encoder's extra output.
          const [u1, u2] = tf.split(predicted.u, 2) as [tf.Tensor1D, tf.Tensor1D];
          rowTau = tf.keep(predictedTau(predicted.u, options.temperature.params.t!));
          return tauUncertaintyLoss(z1, z2, u1, u2, options.temperature.params.t!);
        }
        if (perSample) {
          // iSogCLR: the batch's τ_i from the trainer's state; the updated state is written back below.
          const state = perSample.gather(tf.tensor1d(indices, 'int32'));
          const step = isogclrStep(z1, z2, state, options.temperature.params);
          rowTau = tf.keep(tf.concat([state.tau, state.tau])) as tf.Tensor1D;
          nextState = { tau: tf.keep(step.next.tau), s: tf.keep(step.next.s), m: tf.keep(step.next.m) };
          return step.loss;
        }
        if (learned?.kind === 'siglip') return siglipLoss(z1, z2, options, learned.logT, learned.bias, this.pairLabels());
        return learned?.kind === 'learnable'
          ? learnedScaleNtXentLoss(z1, z2, learned.logitScale, options, masks)
          : ntXentLoss(z1, z2, options, masks);
      }, trainable as tf.Variable[]);
    });
    if (perSample && nextState) {
      perSample.update(indices, nextState);
      tf.dispose([nextState.tau, nextState.s, nextState.m]);
    }
    this.lastRowTau?.dispose();
    this.lastRowTau = rowTau;
    const ordered = trainable.map((v) => grads[v.name]!);
    const modelCount = this.model.variables.length;
    this.updateHealth(value, ordered, t);
    this.optimizer.apply(ordered.slice(0, modelCount), t);
    learned?.apply(ordered.slice(modelCount), t);
    tf.dispose([value, ...ordered]);
    this.lastZ?.dispose();
    this.lastZ = z;
    this.stepCount = t;
    this.stepsSinceSnapshot++;
  }

  private pairLabels(): tf.Tensor2D {
    this.sigmoidLabels ??= tf.keep(sigmoidPairLabels(2 * this.config.batchSize));
    return this.sigmoidLabels;
  }

  /** iSogCLR's state while the temperature is trained per sample (made at τ init on first use), else none. */
  private perSampleState(): IsogclrState | undefined {
    const temperature = this.lossOptions.temperature;
    if (temperature.family.trained !== 'per-sample') return undefined;
    this.perSample ??= new IsogclrState(this.dataset.train.n, temperature.scalar(0));
    return this.perSample;
  }

  private batchMasks(): PairMasks {
    const decoupled = this.lossOptions.decoupled;
    if (this.masks?.decoupled !== decoupled) {
      this.masks?.masks.dispose();
      const rows = 2 * this.config.batchSize;
      this.masks = { decoupled, masks: pairMasks(0, rows, rows, decoupled) };
    }
    return this.masks.masks;
  }

  /** Accumulates the loss and remembers the first step at which the loss or the gradient was not finite. */
  private updateHealth(loss: tf.Scalar, grads: readonly tf.Tensor[], t: number): void {
    const next = tf.tidy(() => {
      // One flat vector, not tf.addN of per-tensor sums: addN with ≥ 8 inputs is silently wrong on WebGPU. The
      // largest magnitude rather than the squared norm, which overflows float32 for gradients that are finite.
      const largest = tf.max(tf.abs(tf.concat(grads.map((g) => tf.reshape(g, [-1])))));
      const mark = (first: tf.Scalar, finite: tf.Tensor) =>
        tf.where(tf.logicalAnd(tf.less(first, 0), tf.logicalNot(finite)), tf.scalar(t), first) as tf.Scalar;
      return [
        tf.add(this.lossSum, loss) as tf.Scalar,
        mark(this.firstBadLoss, tf.isFinite(loss)),
        mark(this.firstBadGradient, tf.isFinite(largest)),
      ] as const;
    });
    tf.dispose([this.lossSum, this.firstBadLoss, this.firstBadGradient]);
    [this.lossSum, this.firstBadLoss, this.firstBadGradient] = next;
  }

  setParams(params: LiveParams): Result<void> {
    let temperature = this.lossOptions.temperature;
    if (params.temperature) {
      const created = createTemperature(params.temperature);
      if (!created.ok) return created;
      if (predictsTemperature(created.value.family) !== (this.model.embedWithUncertainty !== undefined)) {
        return fail(`${created.value.family.trained === 'predicted' ? 'switching to' : 'switching away from'} Temperature as Uncertainty changes the encoder (its extra output u): it needs a restart`);
      }
      temperature = created.value;
      if (temperature.family.trained !== 'per-sample') {
        this.perSample?.dispose();
        this.perSample = undefined;
      }
    }
    const objective = params.objective ?? this.objective;
    const problem = objectiveProblem(objective, temperature);
    if (problem) return fail(problem);
    this.lossOptions = { ...this.lossOptions, temperature };
    this.objective = objective;
    if (params.learningRate !== undefined) {
      if (!(params.learningRate > 0 && params.learningRate <= 10)) return fail(`learning rate must be in (0, 10] (got ${params.learningRate})`);
      this.optimizer.setLearningRate(params.learningRate);
      this.learningRate = params.learningRate;
    }
    // A learned τ starts (again) from τ₀ when it is chosen or τ₀ moves, and is dropped when another family is.
    this.learned = learnedParametersFor(this.lossOptions.temperature, { ...this.config.optimizer, learningRate: this.learningRate }, this.learned, this.objective);
    this.learned?.setLearningRate(this.learningRate);
    if (params.detachTemperature !== undefined) this.lossOptions = { ...this.lossOptions, detachTemperature: params.detachTemperature };
    if (params.decoupled !== undefined) this.lossOptions = { ...this.lossOptions, decoupled: params.decoupled };
    if (params.augmentation) this.augmentation = params.augmentation;
    return ok(undefined);
  }

  /** Everything the UI shows, from one packed read-back; rolls back if the run stopped being finite. */
  async snapshot(): Promise<Snapshot> {
    const evalCount = this.evalInputs.labels.length;
    const dim = this.config.model.embeddingDim;
    const rows = this.lastZ?.shape[0] ?? 0;
    const pairCount = Math.min(POSITIVE_PAIRS_SHOWN, this.config.evaluation.embeddingPoints, evalCount);
    const predicted = predictsTemperature(this.temperature.family) && this.model.embedWithUncertainty !== undefined;
    const packed = tf.tidy(() => {
      const evalOut = predicted ? this.model.embedWithUncertainty!(this.evalInputs.clean) : undefined;
      const zEval = evalOut?.z ?? this.model.embed(this.evalInputs.clean);
      const a = this.model.embed(this.evalInputs.viewA);
      const b = this.model.embed(this.evalInputs.viewB);
      const alignment = tf.mean(tf.sum(tf.square(tf.sub(a, b)), 1));
      const batch = this.lastZ ? matMul(this.lastZ, this.lastZ, false, true) : tf.zeros([0, 0]);
      const stats = tf.stack([this.lossSum, this.firstBadLoss, this.firstBadGradient, alignment]);
      const views = [a, b].map((v) => tf.reshape(tf.slice(v, [0, 0], [pairCount, dim]), [-1]));
      const learned = this.learned ? [this.learned.readout()] : [];
      const trained =
        this.perSample && this.lastRowTau
          ? [this.lastRowTau, this.perSample.tau]
          : evalOut && this.lastRowTau
            ? [this.lastRowTau, predictedTau(evalOut.u, this.temperature.params.t!)]
            : [];
      return tf.concat([stats, tf.reshape(zEval, [-1]), tf.reshape(batch, [-1]), ...views, ...learned, ...trained]);
    });
    const data = (await packed.data()) as Float32Array;
    packed.dispose();

    const now = performance.now();
    const steps = this.stepsSinceSnapshot;
    const stepMs = steps > 0 ? (now - this.lastSnapshotTime) / steps : NaN;
    this.lastSnapshotTime = now;
    this.stepsSinceSnapshot = 0;
    this.resetAccumulators();

    const [lossSum, badLoss, badGradient, evalAlignment] = [data[0]!, data[1]!, data[2]!, data[3]!];
    if (badLoss >= 0 || badGradient >= 0) return await this.rollBack(badLoss, badGradient);

    const zEval = data.subarray(STATS, STATS + evalCount * dim);
    const similarity = data.slice(STATS + evalCount * dim, STATS + evalCount * dim + rows * rows);
    const viewsAt = STATS + evalCount * dim + rows * rows;
    const views = {
      pairs: pairCount,
      a: data.slice(viewsAt, viewsAt + pairCount * dim),
      b: data.slice(viewsAt + pairCount * dim, viewsAt + 2 * pairCount * dim),
    };
    const learnedAt = viewsAt + 2 * pairCount * dim;
    const learned: LearnedValues | undefined = this.learned
      ? { tau: data[learnedAt]!, ...(Number.isNaN(data[learnedAt + 1]!) ? {} : { bias: data[learnedAt + 1]! }) }
      : undefined;
    const labelling = this.dataset.unlabelled ? undefined : denseLabels(this.evalInputs.labels);
    const pairMetrics = new PairMetrics(evalCount, labelling, this.config.evaluation.k, this.config.evaluation.knnT);
    pairMetrics.addBlock(pairBlockFromEmbeddings(zEval, evalCount, dim));
    const pairs = splitBatchPairs(similarity, this.lastBatchLabels);
    const batchAlignment = summarise(pairs.truePositive).mean;
    const ctx = { step: this.stepCount, alignment: batchAlignment };
    const trainedAt = learnedAt + (this.learned ? LEARNED_READOUT : 0);
    const perSample = this.perSample && this.lastRowTau ? this.perSample : undefined;
    const rowTau = (perSample || predicted) && this.lastRowTau ? data.slice(trainedAt, trainedAt + rows) : undefined;
    let sampleTau: SampleTemperatures | undefined;
    if (perSample) {
      const tauAll = data.slice(trainedAt + rows, trainedAt + rows + perSample.n);
      sampleTau = trainingSampleTemperatures(tauAll, perSample.visited, this.dataset.train.labels, this.stripOrder());
    } else if (rowTau) {
      const tauEval = data.slice(trainedAt + rows, trainedAt + rows + evalCount);
      sampleTau = heldOutSampleTemperatures(tauEval, this.evalInputs.labels, pairMetrics.knnCorrect());
    }
    const trainedWith = effectiveTemperature(this.lossOptions.temperature, learned);
    // A τ trained per sample applies to every pair of its row: each type's τ is then the batch's τ_i.
    const tau = (values: Float32Array) =>
      rowTau ? summarise(rowTau) : summarise(values.map((s) => trainedWith.scalar(s, ctx)));
    const negatives = new Float32Array(pairs.falseNegative.length + pairs.trueNegative.length);
    negatives.set(pairs.falseNegative);
    negatives.set(pairs.trueNegative, pairs.falseNegative.length);
    // Each pair type sorted once for its three distances.
    const sortedOf = (values: Float32Array): Float64Array => Float64Array.from(values).sort();
    const sorted = { tp: sortedOf(pairs.truePositive), fn: sortedOf(pairs.falseNegative), tn: sortedOf(pairs.trueNegative) };
    const points = Math.min(this.config.evaluation.embeddingPoints, evalCount);
    const icu = labelling ? interClassUniformity(zEval, dim, labelling) : NaN;

    const snapshot: Snapshot = {
      step: this.stepCount,
      loss: steps > 0 ? lossSum / steps : NaN,
      learningRate: this.optimizer.learningRateAt(this.stepCount),
      stepMs,
      metrics: { alignment: evalAlignment, ...pairMetrics.result(), ...(Number.isNaN(icu) ? {} : { interClassUniformity: icu }) },
      batch: {
        similarity,
        labels: this.lastBatchLabels,
        pairs,
        distances: {
          tpFn: wasserstein1Sorted(sorted.tp, sorted.fn),
          fnTn: wasserstein1Sorted(sorted.fn, sorted.tn),
          tpTn: wasserstein1Sorted(sorted.tp, sorted.tn),
        },
        alignment: batchAlignment,
      },
      tau: { positive: tau(pairs.truePositive), negative: tau(negatives) },
      ...(learned ? { learned } : {}),
      embedding: { dim, points: zEval.slice(0, points * dim), labels: this.evalInputs.labels.slice(0, points), views },
      ...(sampleTau ? { sampleTau } : {}),
    };
    this.lastGood = snapshot;
    this.replaceCheckpoint();
    return snapshot;
  }

  /** A fixed, seeded order of the training samples: the strip plot shows the first visited ones in it. */
  private stripOrder(): Int32Array {
    this.strip ??= new SeededRandom(mixSeed(this.config.seed, SEED_STRIP)).sampleWithoutReplacement(this.dataset.train.n, this.dataset.train.n);
    return this.strip;
  }

  private async rollBack(badLoss: number, badGradient: number): Promise<Snapshot> {
    const lossFirst = badLoss >= 0 && (badGradient < 0 || badLoss <= badGradient);
    const step = lossFirst ? badLoss : badGradient;
    const restored = this.checkpoint;
    const weights = [...this.model.variables, ...this.optimizer.state];
    weights.forEach((v, i) => v.assign(restored.tensors[i]!));
    if (restored.learned && restored.learned.owner === this.learned) {
      this.learned.state.forEach((v, i) => v.assign(restored.learned!.tensors[i]!));
    }
    const perSample = restored.tensors.slice(weights.length);
    if (this.perSample && perSample.length > 0) this.perSample.restore(perSample);
    else if (this.perSample) {
      // The state began after the checkpoint: start it again rather than keep what diverged.
      this.perSample.dispose();
      this.perSample = undefined;
    }
    this.stepCount = restored.step;
    this.lastRowTau?.dispose();
    this.lastRowTau = undefined;
    // The last batch's embeddings are not finite: show the last healthy batch instead, if any.
    this.lastZ?.dispose();
    this.lastZ = undefined;
    const previous = this.lastGood;
    const quantity = lossFirst ? 'loss' : 'gradient';
    const divergence: Divergence = {
      quantity,
      step,
      rolledBackTo: restored.step,
      message:
        `The ${quantity} stopped being finite at step ${step}, usually a learning rate too high for this ` +
        `temperature (a small τ makes the logits s/τ large). The weights of step ${restored.step} were restored.`,
    };
    const fresh = await this.snapshot();
    return previous ? { ...fresh, batch: previous.batch, tau: previous.tau, divergence } : { ...fresh, divergence };
  }

  private takeCheckpoint(): Checkpoint {
    const copy = (tensors: readonly tf.Tensor[]) => tensors.map((v) => tf.keep(tf.clone(v)));
    const learned = this.learned && { owner: this.learned, tensors: copy(this.learned.state) };
    const tensors = [...this.model.variables, ...this.optimizer.state, ...(this.perSample?.tensors() ?? [])];
    return { step: this.stepCount, tensors: copy(tensors), ...(learned ? { learned } : {}) };
  }

  private disposeCheckpoint(): void {
    tf.dispose([...this.checkpoint.tensors, ...(this.checkpoint.learned?.tensors ?? [])]);
  }

  private replaceCheckpoint(): void {
    this.disposeCheckpoint();
    this.checkpoint = this.takeCheckpoint();
  }

  private resetAccumulators(): void {
    tf.dispose([this.lossSum, this.firstBadLoss, this.firstBadGradient]);
    this.lossSum = tf.scalar(0);
    this.firstBadLoss = tf.scalar(-1);
    this.firstBadGradient = tf.scalar(-1);
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.trainInputs?.dispose();
    tf.dispose([
      this.evalInputs.clean,
      this.evalInputs.viewA,
      this.evalInputs.viewB,
      this.lossSum,
      this.firstBadLoss,
      this.firstBadGradient,
    ]);
    this.disposeCheckpoint();
    this.lastZ?.dispose();
    this.masks?.masks.dispose();
    this.sigmoidLabels?.dispose();
    this.learned?.dispose();
    this.perSample?.dispose();
    this.lastRowTau?.dispose();
  }
}

/**
 * The loss's options at step t. A logit-function family (temperature-free) is always differentiated through:
 * its gradient 2/(1 − s²) is the method, so the detach switch does not apply to it.
 */
export function lossOptionsAt(options: LossOptions, t: number): LossOptions {
  const detachTemperature = options.detachTemperature && !options.temperature.family.logitFunction;
  return { ...options, detachTemperature, step: t };
}

function augmentBatch(x: tf.Tensor, dataset: DatasetData, augmentation: TrainingConfig['augmentation'], seed: number): tf.Tensor {
  return dataset.kind === 'vector'
    ? augmentVectors(x as tf.Tensor2D, augmentation.vector, seed)
    : augmentImages(x as tf.Tensor4D, augmentation.image, seed);
}
