import { startTransition, useEffect, useState } from 'react';
import { parseLink, type ViewFlags } from '../../state/url';
import { LabController, type LabView } from './labController';

export interface Lab {
  readonly controller: LabController;
  readonly view: LabView;
  /** What the page's link asked for that could not be used, one sentence each. */
  readonly linkNotices: readonly string[];
  /** The layout the link asked for. */
  readonly initialFlags: ViewFlags;
}

/** The page's controller (one per page, its settings from the link), its worker started while mounted. */
export function useLab(): Lab {
  const [{ controller, linkNotices, initialFlags }] = useState(() => {
    const link = parseLink(window.location.search);
    return {
      controller: new LabController(link.settings),
      linkNotices: link.notices,
      initialFlags: link.flags,
    };
  });
  useEffect(() => {
    controller.start();
    return () => controller.stop();
  }, [controller]);
  // Not useSyncExternalStore, whose renders cannot be interrupted: a view that only brings training progress
  // is rendered as a transition, in slices between which input and the figures' builds run, so a snapshot
  // that changes much of the page (the first one mounts several figures) never makes one long task.
  const [view, setView] = useState(controller.getView);
  useEffect(() => {
    const unsubscribe = controller.subscribe((urgent) => {
      const next = controller.getView();
      if (urgent) setView(next);
      else startTransition(() => setView(next));
    });
    setView(controller.getView());
    return unsubscribe;
  }, [controller]);
  return { controller, view, linkNotices, initialFlags };
}
