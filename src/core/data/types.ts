export type DatasetId = 'spheres' | 'mnist' | 'fashion-mnist' | OwnDatasetId;

/** The user's own data, loaded from files (see ownDataset.ts): feature vectors, or a zip of class folders of images. */
export type OwnDatasetId = 'vectors' | 'images';

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
  /** [d] for vectors, [rows, cols, channels] for images (1 grey, 3 RGB). */
  readonly inputShape: readonly number[];
  readonly featureSize: number;
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly train: SampleSet;
  readonly eval: SampleSet;
  /**
   * Set for the user's data without labels: `labels` are all 0 then, and the trainer computes no label-based
   * metric (kNN, tolerance, inter-class uniformity) and tells no false negative from a true one.
   */
  readonly unlabelled?: boolean;
}
