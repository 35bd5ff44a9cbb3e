import type { TrainingConfig } from '../config';
import { datasetFileName, makeSpheres, parseImageDataset, type DatasetData } from '../data';
import { errorMessage } from '../errors';
import { fail, ok, type Result } from '../result';

/**
 * The dataset a config asks for. Image files are read through `readDataFile` (fetch in the browser, the file
 * system in Node), so the core stays free of both.
 */
export async function datasetForConfig(
  config: TrainingConfig,
  readDataFile: (fileName: string) => Promise<ArrayBuffer>,
): Promise<Result<DatasetData>> {
  const id = config.dataset.id;
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
