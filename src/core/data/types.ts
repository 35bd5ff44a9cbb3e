export type DatasetId = 'spheres' | 'mnist' | 'fashion-mnist';

/** One split. Row i of `x` is sample i; `labels[i]` its class. */
export interface SampleSet {
  readonly n: number;
  /** n × featureSize, row-major: unit vectors (float32) or image pixels (uint8, 0..255). */
  readonly x: Float32Array | Uint8Array;
  readonly labels: Int32Array;
}

export interface DatasetData {
  readonly id: DatasetId;
  readonly label: string;
  readonly kind: 'vector' | 'image';
  /** [d] for vectors, [rows, cols, 1] for images. */
  readonly inputShape: readonly number[];
  readonly featureSize: number;
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly train: SampleSet;
  readonly eval: SampleSet;
}
