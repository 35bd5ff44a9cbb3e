import path from 'node:path';
import type { TrainingConfig } from '../core/config';
import { ownDatasetIdFor, parseOwnData, type OwnDataFiles } from '../io/ownData';
import { InputError, readBytes, type Flags } from './cli';

/** The runner's and the sweep's flags for the user's own data. */
export const OWN_DATA_FLAGS = ['data', 'data-labels', 'image-format', 'held-out'] as const;

export const OWN_DATA_USAGE = `  --data FILE          your own data: N × d vectors (.npy, .csv; with --dataset vectors) or a zip of class
                       folders of PNG/JPEG images (.zip; with --dataset images); --dataset follows from the
                       file's extension when left out
  --data-labels FILE   one integer label per row of the vectors (.npy, .csv); without it the label-based
                       metrics (kNN, tolerance, inter-class uniformity) are not computed
  --image-format F     grey-28 (default) or rgb-32: how a zip's images are stored for training
  --held-out F         fraction of each class held out for evaluation, 0.05 to 0.5 (default 0.2)
`;

/** Reads --data and --data-labels, if given. */
export async function readOwnDataFiles(flags: Flags): Promise<OwnDataFiles | undefined> {
  const dataPath = flags.value('data');
  const labelsPath = flags.value('data-labels');
  if (dataPath === undefined) {
    if (labelsPath !== undefined) throw new InputError('--data-labels needs --data (the vectors it labels)');
    return undefined;
  }
  const data = { name: path.basename(dataPath), bytes: await readBytes('--data', dataPath) };
  if (labelsPath === undefined) return { data };
  return { data, labels: { name: path.basename(labelsPath), bytes: await readBytes('--data-labels', labelsPath) } };
}

/**
 * Checks the config against the files (a run on your own data needs --data of its kind) and decodes them once
 * here, so a bad file stops the tool before training, with the file and the problem named.
 */
export async function checkOwnData(config: TrainingConfig, files: OwnDataFiles | undefined): Promise<void> {
  const id = config.dataset.id;
  if (id !== 'vectors' && id !== 'images') {
    if (files) throw new InputError(`--data is for --dataset vectors or images, but the dataset is ${id}`);
    return;
  }
  if (!files) {
    const what = id === 'vectors' ? 'a .npy or .csv of vectors' : 'a .zip of class folders';
    const was = config.dataset.own.name ? ` (the run was made on ${config.dataset.own.name})` : '';
    throw new InputError(`--dataset ${id} needs --data FILE, ${what}${was}`);
  }
  const kind = ownDatasetIdFor(files.data.name);
  if (kind !== id) throw new InputError(`--data (${files.data.name}): --dataset ${id} needs ${id === 'vectors' ? 'a .npy or .csv file' : 'a .zip file'}`);
  const parsed = await parseOwnData(files, config.dataset.own.imageFormat);
  if (!parsed.ok) throw new InputError(`--data: ${parsed.error}`);
}
