import type { TrainingConfig } from '../core/config';
import { datasetFileName, makeSpheres, parseImageDataset, type DatasetData, type DatasetId, type ImageDatasetId } from '../core/data';
import { fail, ok, type Result } from '../core/result';

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
}

export function summarizeDataset(d: DatasetData): DatasetSummary {
  return {
    id: d.id,
    label: d.label,
    kind: d.kind,
    inputShape: d.inputShape,
    classes: d.classes,
    classNames: d.classNames,
    trainSize: d.train.n,
    evalSize: d.eval.n,
  };
}

export type FetchBytes = (url: string) => Promise<ArrayBuffer>;

export const fetchBytes: FetchBytes = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response.arrayBuffer();
};

/**
 * Makes the dataset a config asks for: spheres are generated from the run's seed, image sets fetched from
 * `dataBaseUrl` (the app's data/ folder, resolved by the page: a worker's own URL points into assets/).
 * Downloads are kept, so a reset does not fetch the file again.
 */
export class DatasetLoader {
  private readonly images = new Map<ImageDatasetId, DatasetData>();

  constructor(private readonly fetch: FetchBytes = fetchBytes) {}

  async load(config: TrainingConfig, dataBaseUrl: string): Promise<Result<DatasetData>> {
    const id = config.dataset.id;
    if (id === 'spheres') {
      try {
        return ok(makeSpheres({ ...config.dataset.spheres, seed: config.seed }));
      } catch (e) {
        return fail(`spheres: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const cached = this.images.get(id);
    if (cached) return ok(cached);
    const url = new URL(datasetFileName(id), dataBaseUrl).href;
    let bytes: ArrayBuffer;
    try {
      bytes = await this.fetch(url);
    } catch (e) {
      return fail(`could not download ${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = parseImageDataset(id, bytes);
    if (parsed.ok) this.images.set(id, parsed.value);
    return parsed;
  }
}
