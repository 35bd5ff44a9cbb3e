/** Augmentation strengths and their slider specs. No tfjs here, so the UI can import it cheaply. */

export interface VectorAugmentation {
  /** RMS angle (radians) of a random geodesic step on the sphere. */
  readonly rotation: number;
  /** Std of isotropic Gaussian noise added in the ambient space before re-normalising. */
  readonly noise: number;
}

export interface ImageAugmentation {
  /** Minimum area fraction of the random resized crop (1 = off). */
  readonly cropScale: number;
  /** Maximum rotation in degrees, drawn uniformly in ±rotation. */
  readonly rotation: number;
  /** Maximum shift as a fraction of the image size, per axis. */
  readonly translation: number;
  /** Std of Gaussian noise on [0, 1] pixels. */
  readonly noise: number;
  /** Probability of erasing one random rectangle. */
  readonly erasing: number;
}

export const defaultVectorAugmentation: VectorAugmentation = { rotation: 0.25, noise: 0.05 };

export const defaultImageAugmentation: ImageAugmentation = {
  cropScale: 0.6,
  rotation: 12,
  translation: 0.1,
  noise: 0.1,
  erasing: 0.25,
};

export interface StrengthSpec<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly unit?: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly help: string;
}

export const vectorAugmentationSpecs: readonly StrengthSpec<keyof VectorAugmentation>[] = [
  { key: 'rotation', label: 'rotation', unit: 'rad', min: 0, max: 1.5, step: 0.01, help: 'RMS angle of a random step along the sphere' },
  { key: 'noise', label: 'noise', min: 0, max: 0.5, step: 0.01, help: 'Gaussian noise std in the ambient space, then back onto the sphere' },
];

export const imageAugmentationSpecs: readonly StrengthSpec<keyof ImageAugmentation>[] = [
  { key: 'cropScale', label: 'crop scale', min: 0.2, max: 1, step: 0.05, help: 'smallest area kept by the random resized crop (1 = no crop)' },
  { key: 'rotation', label: 'rotation', unit: '°', min: 0, max: 45, step: 1, help: 'largest rotation angle, either way' },
  { key: 'translation', label: 'translation', min: 0, max: 0.3, step: 0.01, help: 'largest shift as a fraction of the image size' },
  { key: 'noise', label: 'noise', min: 0, max: 0.5, step: 0.01, help: 'Gaussian pixel noise std (pixels in [0, 1])' },
  { key: 'erasing', label: 'erasing', min: 0, max: 1, step: 0.05, help: 'probability of blanking one random rectangle' },
];
