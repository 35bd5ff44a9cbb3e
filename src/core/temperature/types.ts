import type { Ops } from './ops';

/** One slider of a temperature family. `min`/`max` are the valid range, everywhere (slider, URL, CLI). */
export interface ParamSpec {
  readonly key: string;
  /** Short visible label, also the slider's accessible name ("τ min"). */
  readonly label: string;
  readonly unit?: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly default: number;
  readonly help: string;
}

export type Params = Readonly<Record<string, number>>;

/**
 * What a temperature may depend on besides the pair's cosine similarity. `alignment` is the batch's mean
 * positive-pair similarity A (MACL); it is a tensor inside the loss (no read-back) and a number in plots.
 */
export interface TemperatureContext<T> {
  readonly step: number;
  readonly alignment: T | number;
}

export type Dependence = 'similarity' | 'step' | 'alignment';

/**
 * How a temperature that is not a fixed function of s is set, so that figures show what τ actually is
 * rather than the family's curve. `learnable-global`: one τ learned with the encoder (the trainer holds it;
 * the family's `tau` gives its initial value).
 */
export type TrainedTemperature = 'learnable-global' | 'per-sample' | 'predicted';

export interface TemperatureFamily {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The formula as shown to the user (plain text with Unicode). */
  readonly formula: string;
  /** Set when the exact form is not verified against the paper or its code. */
  readonly assumption?: string;
  readonly params: readonly ParamSpec[];
  readonly dependsOn: readonly Dependence[];
  /** MACL multiplies each row's loss by 1/(1 − P_pos), detached. */
  readonly reweighting?: 'macl';
  /**
   * Set when τ is not a fixed function of s: 'learnable-global' is one τ learned with the encoder (CLIP's way),
   * 'per-sample' one τ_i per training sample kept in the trainer's state (iSogCLR), 'predicted' one τ_i the
   * encoder predicts for each input (Temperature as Uncertainty). `tau` then gives only τ's starting value (or
   * base); the figures show what is trained instead.
   */
  readonly trained?: TrainedTemperature;
  /**
   * Set when the family is a logit function ℓ(s) written as τ(s) = s/ℓ(s) (temperature-free): the loss
   * always differentiates through it, whatever the detach switch says, because ℓ′(s) is the method.
   */
  readonly logitFunction?: true;
  /** Constraints between parameters; a message when violated. */
  check?(p: Params): string | null;
  /** The single definition: τ for similarity s (and context), written against Ops. A plain number means
   *  "the same τ for every pair". */
  tau<T>(o: Ops<T>, s: T, p: Params, ctx: TemperatureContext<T>): T | number;
}
