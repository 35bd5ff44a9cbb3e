import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryPoint, TrainingConfig } from '../../core/config';
import { errorMessage } from '../../core/errors';
import { fail, ok, type Result } from '../../core/result';

/**
 * The last runs, kept in this browser's IndexedDB: configuration and history, never weights. Every call
 * answers with a Result whose message says in plain words why storage failed (full, blocked in private
 * browsing, missing), so the page can say so and carry on without it.
 */
export interface StoredRun {
  readonly id: string;
  /** ms since the epoch. */
  readonly savedAt: number;
  readonly config: TrainingConfig;
  readonly backend: string;
  readonly history: readonly HistoryPoint[];
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: StoredRun; indexes: { savedAt: number } };
}

const DB_NAME = 'dystress-lab';
const STORE = 'runs';
/** Enough to come back to this week's experiments; few enough to list without scrolling. */
export const MAX_STORED_RUNS = 8;

export function storageProblem(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const detail = errorMessage(error);
  if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full';
  if (name === 'SecurityError' || name === 'InvalidStateError') return `the browser does not allow storage here (private browsing?): ${detail}`;
  return detail || 'unknown storage error';
}

/** The result of a storage operation, or what went wrong in words a person can act on. */
export async function attempt<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return fail(storageProblem(error));
  }
}

export class RunStore {
  private constructor(private readonly db: IDBPDatabase<RunsDb>) {}

  static async open(): Promise<Result<RunStore>> {
    if (typeof indexedDB === 'undefined') return fail('this browser has no IndexedDB');
    return attempt(async () => {
      const db = await openDB<RunsDb>(DB_NAME, 1, {
        upgrade(database) {
          database.createObjectStore(STORE, { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
        },
      });
      return new RunStore(db);
    });
  }

  /** Newest first. */
  list(): Promise<Result<StoredRun[]>> {
    return attempt(async () => (await this.db.getAllFromIndex(STORE, 'savedAt')).reverse());
  }

  /** Saves (or overwrites) a run and forgets the oldest beyond MAX_STORED_RUNS. */
  save(run: StoredRun): Promise<Result<void>> {
    return attempt(async () => {
      const tx = this.db.transaction(STORE, 'readwrite');
      await tx.store.put(run);
      const keys = await tx.store.index('savedAt').getAllKeys();
      for (const key of keys.slice(0, Math.max(0, keys.length - MAX_STORED_RUNS))) await tx.store.delete(key);
      await tx.done;
    });
  }

  remove(id: string): Promise<Result<void>> {
    return attempt(() => this.db.delete(STORE, id));
  }
}
