import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FigureExportSpec } from '../../export/figureExport';
import { DEFAULT_LOOK, DEFAULT_PNG_SCALE, type ExportLookId, type PngScale } from '../../export/looks';
import type { ExportSource } from '../../export/metadata';

/**
 * What the export controls share: the chosen look and PNG scale, the run the files describe (config with
 * the live temperature, step), the figures currently on the page (each card registers its export spec), and
 * one status line for what an export did or why it failed.
 */
export interface ExportChoices {
  readonly look: ExportLookId;
  readonly scale: PngScale;
}

export interface ExportStatus {
  readonly tone: 'info' | 'error';
  readonly text: string;
}

interface ExportContextValue {
  readonly choices: ExportChoices;
  readonly setChoices: (choices: ExportChoices) => void;
  readonly source: ExportSource;
  readonly status: ExportStatus | null;
  readonly setStatus: (status: ExportStatus | null) => void;
  readonly register: (spec: FigureExportSpec) => void;
  readonly unregister: (id: string) => void;
  /** The figures on the page, in the order they appeared. */
  readonly specs: () => FigureExportSpec[];
}

const ExportContext = createContext<ExportContextValue | null>(null);

export function ExportProvider({ source, children }: { readonly source: ExportSource; readonly children: ReactNode }) {
  const [choices, setChoices] = useState<ExportChoices>({ look: DEFAULT_LOOK, scale: DEFAULT_PNG_SCALE });
  const [status, setStatus] = useState<ExportStatus | null>(null);
  // A Map keeps first-registration order; an update keeps its figure's place.
  const registry = useRef(new Map<string, FigureExportSpec>());
  const register = useCallback((spec: FigureExportSpec) => void registry.current.set(spec.id, spec), []);
  const unregister = useCallback((id: string) => void registry.current.delete(id), []);
  const specs = useCallback(() => [...registry.current.values()], []);
  const value = useMemo(
    () => ({ choices, setChoices, source, status, setStatus, register, unregister, specs }),
    [choices, source, status, register, unregister, specs],
  );
  return <ExportContext.Provider value={value}>{children}</ExportContext.Provider>;
}

export function useExport(): ExportContextValue | null {
  return useContext(ExportContext);
}

/** Keeps `spec` in the registry while the figure is on the page. */
export function useRegisterExport(spec: FigureExportSpec | undefined): void {
  const context = useExport();
  const id = spec?.id;
  useEffect(() => {
    if (context && spec) context.register(spec);
  });
  const unregister = context?.unregister;
  useEffect(() => () => void (id !== undefined && unregister?.(id)), [id, unregister]);
}
