import type { TrainingConfig } from '../config';
import { datasetFileName, isOwnDataset, makeOwnDataset, makeSpheres, parseImageDataset, type DatasetData, type OwnSamples } from '../data';
import { errorMessage } from '../errors';
import { fail, ok, type Result } from '../result';

/** Decodes the user's loaded files for a config (vectors, or images at its format); fails when none are loaded. */
export type OwnSamplesFor = (config: TrainingConfig) => Promise<Result<OwnSamples>> | Result<OwnSamples>;

/**
 * The dataset a config asks for. Image files are read through `readDataFile` (fetch in the browser, the file
 * system in Node), the user's own data through `ownSamples`, so the core stays free of both.
 */
export async function datasetForConfig(
  config: TrainingConfig,
  readDataFile: (fileName: string) => Promise<ArrayBuffer>,
  ownSamples?: OwnSamplesFor,
): Promise<Result<DatasetData>> {
  const id = config.dataset.id;
  if (isOwnDataset(id)) {
    const own = config.dataset.own;
    if (!ownSamples) return fail(notLoaded(id, own.name));
    const samples = await ownSamples(config);
    if (!samples.ok) return samples;
    return makeOwnDataset(samples.value, { heldOut: own.heldOut, seed: config.seed });
  }
  if (id === 'spheres') {
    try {
      return ok(makeSpheres({ ...config.dataset.spheres, seed: config.seed }));
    } catch (e) {
      return fail(`spheres: ${errorMessage(e)}`);
    }
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await readDataFile(datasetFileName(id));
  } catch (e) {
    return fail(`${id}: the prepared data file ${datasetFileName(id)} could not be read (${errorMessage(e)})`);
  }
  return parseImageDataset(id, bytes);
}

/** Why a run on the user's data cannot start where its files were never loaded. */
export function notLoaded(id: 'vectors' | 'images', name: string): string {
  const what = id === 'vectors' ? 'a vectors file' : 'an image zip';
  return `this run trains on your own data (${name || what}), which is not loaded here: load it again (links, run files and saved runs keep only the configuration)`;
}
