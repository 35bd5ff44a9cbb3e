import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../core/errors';
import { pngTextEntries, renderFigureExport, type FigureExportSpec } from '../../export/figureExport';
import { exportLooks } from '../../export/looks';
import { downloadFile, rasterizeSvg } from '../../export/raster';
import { useExport, useRegisterExport } from './ExportContext';

/**
 * A figure's export buttons. Both re-draw the figure from its figure function in the chosen export look
 * (never from the page's SVG); the PNG is that SVG rasterised at the chosen scale, with tEXt metadata.
 */
export function ExportActions({ spec, children }: { readonly spec: FigureExportSpec; readonly children?: ReactNode }) {
  const context = useExport();
  useRegisterExport(spec);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!context) return null;
  const { choices, source } = context;

  const render = () => renderFigureExport(document, spec, source, exportLooks[choices.look]);
  const exportSvg = (): void => {
    try {
      const figure = render();
      downloadFile(`${figure.base}_${choices.look}.svg`, figure.svgText, 'image/svg+xml');
      setError(null);
    } catch (e) {
      setError(`SVG export failed: ${errorMessage(e)}`);
    }
  };
  const exportPng = async (): Promise<void> => {
    setBusy(true);
    try {
      const figure = render();
      const png = await rasterizeSvg(figure.svg, choices.scale, pngTextEntries(figure.metadata));
      downloadFile(`${figure.base}_${choices.look}@${choices.scale}x.png`, png, 'image/png');
      setError(null);
    } catch (e) {
      setError(`PNG export failed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="figure-actions" role="group" aria-label={`Export: ${spec.title}`}>
      <button type="button" className="secondary small" disabled={busy} onClick={() => void exportPng()} title={`PNG at ${choices.scale}×, ${exportLooks[choices.look].label.toLowerCase()} style`}>
        Export PNG
      </button>
      <button type="button" className="secondary small" onClick={exportSvg} title={`Self-contained SVG, ${exportLooks[choices.look].label.toLowerCase()} style`}>
        Export SVG
      </button>
      {children}
      {error && (
        <p className="export-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
