import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SweepDefinition } from '../../core/sweep/definition';
import { runKey, type SweepRun } from '../../core/sweep/results';
import { fail, type Result } from '../../core/result';
import { attempt } from '../share/runStore';

/**
 * The lab's sweep, kept in this browser's IndexedDB: its definition and every finished run, written after
 * each run, so a reload shows them and Resume trains only the rest. One sweep at a time: starting a new one
 * forgets the last. Every call answers with a Result saying in plain words why storage failed.
 */
interface StoredDefinition {
  /** ms since the epoch. */
  readonly savedAt: number;
  readonly definition: SweepDefinition;
}

interface SweepDb extends DBSchema {
  definition: { key: string; value: StoredDefinition };
  runs: { key: string; value: SweepRun };
}

const DB_NAME = 'dystress-lab-sweep';
const CURRENT = 'current';

export interface StoredSweep {
  readonly definition: SweepDefinition;
  readonly runs: readonly SweepRun[];
}

export class SweepStore {
  private constructor(private readonly db: IDBPDatabase<SweepDb>) {}

  static async open(): Promise<Result<SweepStore>> {
    if (typeof indexedDB === 'undefined') return fail('this browser has no IndexedDB');
    return attempt(async () => {
      const db = await openDB<SweepDb>(DB_NAME, 1, {
        upgrade(database) {
          database.createObjectStore('definition');
          database.createObjectStore('runs');
        },
      });
      return new SweepStore(db);
    });
  }

  /** The kept sweep, or null when there is none. */
  load(): Promise<Result<StoredSweep | null>> {
    return attempt(async () => {
      const tx = this.db.transaction(['definition', 'runs']);
      const stored = await tx.objectStore('definition').get(CURRENT);
      const runs = await tx.objectStore('runs').getAll();
      await tx.done;
      return stored ? { definition: stored.definition, runs } : null;
    });
  }

  /** Forgets the kept sweep and keeps `definition` (with no runs yet) in its place. */
  begin(definition: SweepDefinition): Promise<Result<void>> {
    return attempt(async () => {
      const tx = this.db.transaction(['definition', 'runs'], 'readwrite');
      await tx.objectStore('runs').clear();
      await tx.objectStore('definition').put({ savedAt: Date.now(), definition }, CURRENT);
      await tx.done;
    });
  }

  saveRun(run: SweepRun): Promise<Result<void>> {
    return attempt(async () => {
      await this.db.put('runs', run, runKey(run.target));
    });
  }

  clear(): Promise<Result<void>> {
    return attempt(async () => {
      const tx = this.db.transaction(['definition', 'runs'], 'readwrite');
      await Promise.all([tx.objectStore('runs').clear(), tx.objectStore('definition').clear(), tx.done]);
    });
  }
}
