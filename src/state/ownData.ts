import { OWN_DATA_LIMITS } from '../core/data/ownDataset';
import type { OwnDataSummary } from '../io/ownData';
import { baseName } from './byo';

/** The user's own data as the page sees it: what is loaded in this tab, and the last attempt's outcome. */
export interface OwnDataState {
  /** The data the training worker holds; null until a file was loaded (a reload forgets it). */
  readonly summary: OwnDataSummary | null;
  readonly loading: boolean;
  /** Why the last files were refused (naming the file); the data loaded before, and the run, are untouched. */
  readonly error: string | null;
}

export const initialOwnData: OwnDataState = { summary: null, loading: false, error: null };

export type OwnDataAction =
  | { readonly type: 'loading' }
  | { readonly type: 'loaded'; readonly summary: OwnDataSummary }
  | { readonly type: 'refused'; readonly error: string };

export function ownDataReducer(state: OwnDataState, action: OwnDataAction): OwnDataState {
  switch (action.type) {
    case 'loading':
      return { ...state, loading: true, error: null };
    case 'loaded':
      return { summary: action.summary, loading: false, error: null };
    case 'refused':
      return { ...state, loading: false, error: action.error };
  }
}

/**
 * Dropped files as data and labels: a name containing “label” is the labels file, the other one the data.
 * A message when they cannot be told apart.
 */
export function assignOwnDataFiles<F extends { readonly name: string }>(files: readonly F[]): { data: F; labels?: F } | string {
  const labels = files.filter((f) => /label/i.test(baseName(f.name)));
  const data = files.filter((f) => !labels.includes(f));
  if (files.length === 0) return 'no file: drop a .npy or .csv of vectors (and its labels) or a .zip of class folders';
  if (labels.length > 1) return `${labels.length} files look like labels (${labels.map((f) => f.name).join(', ')}); drop one`;
  if (data.length === 0) return `${labels[0]!.name} looks like labels; drop the vectors it labels with it`;
  if (data.length > 1) return `${data.length} data files (${data.map((f) => f.name).join(', ')}); drop one, and its labels file (a name containing “label”)`;
  return { data: data[0]!, ...(labels[0] ? { labels: labels[0] } : {}) };
}

/** A file too large to read, refused before it is read into memory; null when it may be read. */
export function tooLargeToRead(file: { readonly name: string; readonly size: number }): string | null {
  if (file.size <= OWN_DATA_LIMITS.fileBytes) return null;
  const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${file.name}: ${mb(file.size)}, more than the ${mb(OWN_DATA_LIMITS.fileBytes)} a file may have here; take a subset`;
}

/** "1,000 vectors of dimension 128, 10 classes" / "600 images, 28 × 28 grey, 3 classes", for the panel. */
export function describeOwnData(s: OwnDataSummary): string {
  const n = s.n.toLocaleString('en-US');
  const what = s.id === 'vectors' ? `${n} vectors of dimension ${s.inputShape[0]}` : `${n} images, ${s.inputShape[0]} × ${s.inputShape[1]} ${s.inputShape[2] === 3 ? 'RGB' : 'grey'}`;
  return `${what}, ${s.classes > 0 ? `${s.classes} classes` : 'no labels'}`;
}
