import { useCallback, useEffect, useState } from 'react';
import type { RecordedRun } from '../../state/runFiles';
import { linkQuery, parseLink, type ViewFlags } from '../../state/url';
import type { LabController, LabView } from '../lab/labController';

/** Settle time before the address bar follows the controls (a slider drag writes once). */
export const LINK_SYNC_DELAY_MS = 300;

export interface Share {
  readonly flags: ViewFlags;
  readonly setFlag: (key: keyof ViewFlags, on: boolean) => void;
  /** Loads a link's settings (a preset) into the running lab, keeping the backend. */
  readonly applyLink: (query: string) => void;
  /** Loads a recorded run: its configuration restarts the lab, its history is drawn beside the new run. */
  readonly openRecorded: (run: RecordedRun) => void;
}

/**
 * The lab's state and its link: the address bar follows the controls (replaceState, debounced), so
 * copying it shares the lab; presets and recorded runs load through the same path as the controls.
 */
export function useShare(controller: LabController, view: LabView, initialFlags: ViewFlags): Share {
  const [flags, setFlags] = useState(initialFlags);
  const { draft } = view.settings;

  useEffect(() => {
    const timer = setTimeout(() => {
      const { pathname, hash, search } = window.location;
      const query = linkQuery({ settings: draft, flags: { ...flags, tour: false } });
      if (query !== search) window.history.replaceState(window.history.state, '', `${pathname}${query}${hash}`);
    }, LINK_SYNC_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, flags]);

  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('lab-embed', flags.embed);
    root.toggle('lab-classroom', flags.classroom);
  }, [flags.embed, flags.classroom]);

  const setFlag = useCallback((key: keyof ViewFlags, on: boolean) => setFlags((f) => ({ ...f, [key]: on })), []);

  const backend = draft.backend;
  const applyLink = useCallback(
    (query: string) => {
      controller.applySettings({ config: parseLink(query).settings.config, backend });
    },
    [controller, backend],
  );

  const openRecorded = useCallback(
    (run: RecordedRun) => {
      controller.applySettings({ config: run.config, backend });
      controller.showRecorded(run);
    },
    [controller, backend],
  );

  return { flags, setFlag, applyLink, openRecorded };
}
