import type { TrainingConfig } from '../core/config';
import type { DatasetData, DatasetId, ImageFormat, OwnSamples } from '../core/data';
import { errorMessage } from '../core/errors';
import { fail, ok, type Result } from '../core/result';
import { datasetForConfig, notLoaded } from '../core/trainer/dataset';
import { ownDatasetIdFor, ownSamplesFor, parseOwnData, summariseOwnSamples, type OwnDataFiles, type OwnDataSummary } from '../io/ownData';

/** What the UI shows about the loaded dataset (no samples). */
export interface DatasetSummary {
  readonly id: DatasetId;
  readonly label: string;
  readonly kind: DatasetData['kind'];
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly trainSize: number;
  readonly evalSize: number;
  /** The user's data without labels: the label-based metrics are not computed. */
  readonly unlabelled?: boolean;
}

export function summariseDataset(d: DatasetData): DatasetSummary {
  return {
    id: d.id,
    label: d.label,
    kind: d.kind,
    inputShape: d.inputShape,
    classes: d.classes,
    classNames: d.classNames,
    trainSize: d.train.n,
    evalSize: d.eval.n,
    ...(d.unlabelled ? { unlabelled: true } : {}),
  };
}

/** Images of some samples, row-major with channels last, one after another: the embedding view's thumbnails. */
export interface SampleImages {
  readonly rows: number;
  readonly cols: number;
  /** 1 grey, 3 RGB. */
  readonly channels: number;
  /** White-on-black digits and clothes are drawn dark on light, as on paper; your own images as they are. */
  readonly inverted: boolean;
  readonly pixels: Uint8Array;
}

/** The eval-split images at `indices` (in that order), or undefined for a vector dataset. */
export function sampleImages(d: DatasetData, indices: Int32Array): SampleImages | undefined {
  if (d.kind !== 'image' || !(d.eval.x instanceof Uint8Array)) return undefined;
  const [rows, cols, channels] = d.inputShape as [number, number, number];
  const size = rows * cols * channels;
  const pixels = new Uint8Array(indices.length * size);
  indices.forEach((i, k) => pixels.set(d.eval.x.subarray(i * size, (i + 1) * size), k * size));
  return { rows, cols, channels, inverted: d.id !== 'images', pixels };
}

export type FetchBytes = (url: string) => Promise<ArrayBuffer>;

export const fetchBytes: FetchBytes = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response.arrayBuffer();
};

/**
 * Makes the dataset a config asks for (datasetForConfig): spheres are generated from the run's seed, image
 * sets fetched from `dataBaseUrl` (the app's data/ folder, resolved by the page: a worker's own URL points
 * into assets/). Downloads are kept, so a reset does not fetch the file again.
 */
export class DatasetLoader {
  private readonly files = new Map<string, ArrayBuffer>();
  /** The user's files (kept as bytes: a zip is decoded again at another image format) and their samples. */
  private own: { readonly name: string; readonly samplesFor: (config: TrainingConfig) => Promise<Result<OwnSamples>> } | undefined;

  constructor(private readonly fetch: FetchBytes = fetchBytes) {}

  /**
   * Decodes the user's files and, if they are good, keeps them for the runs on "your data" (null forgets
   * them). Bad files change nothing: the data loaded before stays, and so does any run on it.
   */
  async setOwnData(files: OwnDataFiles | null, imageFormat: ImageFormat): Promise<Result<OwnDataSummary | null>> {
    if (!files) {
      this.own = undefined;
      return ok(null);
    }
    const decoded = await parseOwnData(files, imageFormat);
    if (!decoded.ok) return decoded;
    this.own = { name: files.data.name, samplesFor: ownSamplesFor(files, { format: imageFormat, samples: decoded.value }) };
    return ok(summariseOwnSamples(decoded.value));
  }

  private async ownSamples(config: TrainingConfig): Promise<Result<OwnSamples>> {
    const { id, own } = config.dataset;
    if (!this.own || (id !== 'vectors' && id !== 'images') || ownDatasetIdFor(this.own.name) !== id) return fail(notLoaded(id === 'images' ? id : 'vectors', own.name));
    return this.own.samplesFor(config);
  }

  load(config: TrainingConfig, dataBaseUrl: string): Promise<Result<DatasetData>> {
    return datasetForConfig(config, async (fileName) => {
      const url = new URL(fileName, dataBaseUrl).href;
      const cached = this.files.get(url);
      if (cached) return cached;
      const bytes = await this.fetch(url).catch((e: unknown) => {
        throw new Error(`could not download ${url}: ${errorMessage(e)}`);
      });
      this.files.set(url, bytes);
      return bytes;
    }, (c) => this.ownSamples(c));
  }
}
