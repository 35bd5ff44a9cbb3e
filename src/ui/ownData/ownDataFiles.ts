import type { OwnDataFiles } from '../../io/ownData';

/**
 * The files of the user's own data loaded in this tab, for every worker that trains on them (the training
 * worker, a comparison, the sweep's pool). Kept only in memory: a reload forgets them, and neither links nor
 * saved runs carry them.
 */
let current: OwnDataFiles | null = null;

export function currentOwnDataFiles(): OwnDataFiles | null {
  return current;
}

export function setCurrentOwnDataFiles(files: OwnDataFiles): void {
  current = files;
}
