import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabView } from '../lab/labController';
import { saveDelay, type LastSave } from '../../state/persistence';
import { RunStore, type StoredRun } from './runStore';

export interface RunPersistence {
  /** Stored runs, newest first. */
  readonly runs: readonly StoredRun[];
  /** Why runs are not being kept, if they are not. */
  readonly problem: string | null;
  /** The stored id of the run on screen. */
  readonly currentId: string | null;
  readonly remove: (id: string) => void;
}

// Ids only tell saved runs apart; crypto works in insecure contexts too (randomUUID does not).
const newId = (): string => `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;

/**
 * Keeps the live run (its applied configuration and history) in IndexedDB, throttled (state/persistence.ts), and lists the
 * stored runs. A new run (a reset or restart) is stored under a new id. Storage errors only set `problem`.
 */
export function useRunPersistence(view: LabView): RunPersistence {
  const [store, setStore] = useState<RunStore | null>(null);
  const [runs, setRuns] = useState<readonly StoredRun[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const current = useRef<{ info: unknown; id: string } | null>(null);
  const lastSave = useRef<LastSave | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(view);
  latest.current = view;

  const refresh = useCallback(async (s: RunStore) => {
    const listed = await s.list();
    if (listed.ok) setRuns(listed.value);
    else setProblem(listed.error);
  }, []);

  useEffect(() => {
    let live = true;
    void RunStore.open().then(async (opened) => {
      if (!live) return;
      if (!opened.ok) return setProblem(opened.error);
      setStore(opened.value);
      await refresh(opened.value);
    });
    return () => {
      live = false;
    };
  }, [refresh]);

  const save = useCallback(async () => {
    timer.current = null;
    const { run, settings } = latest.current;
    if (!store || !current.current || run.history.received === 0) return;
    lastSave.current = { at: Date.now(), received: run.history.received };
    const saved = await store.save({
      id: current.current.id,
      savedAt: Date.now(),
      config: settings.applied.config,
      backend: settings.applied.backend,
      history: run.history.points,
    });
    if (!saved.ok) return setProblem(saved.error);
    setProblem(null);
    await refresh(store);
  }, [store, refresh]);

  const { run } = view;
  useEffect(() => {
    if (!store || run.phase !== 'ready' || run.history.received === 0) return;
    if (current.current?.info !== run.info) {
      current.current = { info: run.info, id: newId() };
      lastSave.current = null;
    }
    const wait = saveDelay(lastSave.current, run.history.received, run.running, Date.now());
    if (wait === null) return;
    // Even a write due now goes through the timer: it gets a task of its own instead of lengthening the
    // render that brought the snapshot (the first one comes with the first figures).
    if (wait === 0 && timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (!timer.current) timer.current = setTimeout(() => void save(), wait);
  }, [store, run.phase, run.info, run.history.received, run.running, save]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const remove = useCallback(
    (id: string) => {
      if (!store) return;
      void store.remove(id).then(async (removed) => {
        if (!removed.ok) return setProblem(removed.error);
        await refresh(store);
      });
    },
    [store, refresh],
  );

  return { runs, problem, currentId: current.current?.id ?? null, remove };
}
