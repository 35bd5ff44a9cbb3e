import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SweepState } from '../../state/sweep';
import { SweepController } from './sweepController';

export interface Sweep {
  readonly controller: SweepController;
  readonly state: SweepState;
}

/** The page's sweep controller: the kept sweep is read back on mount, the workers end with the page. */
export function useSweep(): Sweep {
  const [controller] = useState(() => new SweepController());
  useEffect(() => {
    void controller.restore();
    return () => controller.dispose();
  }, [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return { controller, state };
}
