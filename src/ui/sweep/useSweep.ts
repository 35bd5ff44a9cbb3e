import { useEffect, useSyncExternalStore } from 'react';
import type { SweepState } from '../../state/sweep';
import { SweepController } from './sweepController';

export interface Sweep {
  readonly controller: SweepController;
  readonly state: SweepState;
}

/**
 * The page's one sweep controller, made when the panel first mounts and kept for the page's life: a sweep
 * goes on while the panel is off screen (your own embeddings shown instead), and its workers end with the page.
 */
let pageSweep: SweepController | undefined;

export function useSweep(): Sweep {
  const controller = (pageSweep ??= new SweepController());
  useEffect(() => {
    void controller.restore();
  }, [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return { controller, state };
}
