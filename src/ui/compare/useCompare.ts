import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { runOverlays, type CompareState, type RunOverlay } from '../../state/compare';
import { CompareController } from './compareController';

export interface Compare {
  readonly controller: CompareController;
  readonly state: CompareState;
  /** What the figures overlay on the main run. */
  readonly overlays: readonly RunOverlay[];
}

/** The page's compare controller; its worker ends with the page. */
export function useCompare(): Compare {
  const [controller] = useState(() => new CompareController());
  useEffect(() => () => controller.dispose(), [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const overlays = useMemo(() => runOverlays(state), [state]);
  return { controller, state, overlays };
}
