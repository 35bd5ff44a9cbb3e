import { useEffect, useState, useSyncExternalStore } from 'react';
import { backendFromQuery } from '../../state/url';
import { LabController, type LabView } from './labController';

export interface Lab {
  readonly controller: LabController;
  readonly view: LabView;
  /** Why the URL's backend was not used, if it was not. */
  readonly urlWarning: string | null;
}

/** The page's controller (one per page, backend from the URL), its worker started while mounted. */
export function useLab(): Lab {
  const [{ controller, urlWarning }] = useState(() => {
    const { backend, warning } = backendFromQuery(window.location.search);
    return { controller: new LabController(backend), urlWarning: warning };
  });
  useEffect(() => {
    controller.start();
    return () => controller.stop();
  }, [controller]);
  const view = useSyncExternalStore(controller.subscribe, controller.getView);
  return { controller, view, urlWarning };
}
