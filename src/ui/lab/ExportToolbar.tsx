import { useState } from 'react';
import { errorMessage } from '../../core/errors';
import { createTemperature } from '../../core/temperature';
import { pytorchSnippet } from '../../core/temperature/pytorch';
import { buildExportZip } from '../../export/exportAll';
import { exportLooks, PNG_SCALES, type ExportLookId, type PngScale } from '../../export/looks';
import { APP_VERSION, type ExportSource } from '../../export/metadata';
import { downloadFile, rasterizeSvg } from '../../export/raster';
import { useExport } from './ExportContext';

/** The files of the zip that are about the run rather than one figure. */
function runFiles(source: ExportSource): { name: string; text: string }[] {
  const files = [{ name: 'config.json', text: `${JSON.stringify({ app: 'DySTreSS Lab', version: APP_VERSION, step: source.step, config: source.config }, null, 1)}\n` }];
  const temperature = createTemperature(source.config.temperature);
  if (temperature.ok) files.push({ name: 'temperature.py', text: pytorchSnippet(temperature.value, source.config.loss, { step: source.step, version: APP_VERSION }) });
  return files;
}

/** The header's export controls: the look and PNG scale every export uses, and "Export all" as a zip. */
export function ExportToolbar() {
  const context = useExport();
  const [busy, setBusy] = useState(false);
  if (!context) return null;
  const { choices, setChoices, source, status, setStatus } = context;

  const exportAll = async (): Promise<void> => {
    const specs = context.specs();
    setBusy(true);
    setStatus({ tone: 'info', text: `Exporting ${specs.length} figures…` });
    try {
      const zip = await buildExportZip(document, specs, source, exportLooks[choices.look], choices.scale, rasterizeSvg, runFiles(source));
      downloadFile(zip.name, zip.bytes, 'application/zip');
      setStatus({ tone: 'info', text: `Saved ${zip.name} (${specs.length} figures with their data).` });
    } catch (e) {
      setStatus({ tone: 'error', text: `Export all failed: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-toolbar" role="group" aria-label="Export figures">
      <label>
        Export style
        <select value={choices.look} onChange={(e) => setChoices({ ...choices, look: e.target.value as ExportLookId })}>
          {Object.values(exportLooks).map((look) => (
            <option key={look.id} value={look.id}>
              {look.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        PNG scale
        <select value={choices.scale} onChange={(e) => setChoices({ ...choices, scale: Number(e.target.value) as PngScale })}>
          {PNG_SCALES.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" disabled={busy} onClick={() => void exportAll()}>
        Export all
      </button>
      {status && (
        <p className={`export-status ${status.tone}`} role={status.tone === 'error' ? 'alert' : 'status'} data-export-status="">
          {status.text}
        </p>
      )}
    </div>
  );
}

