import { zipSync, strToU8, type Zippable } from 'fflate';
import { figureDataFiles, pngTextEntries, renderFigureExport, type FigureExportSpec } from './figureExport';
import type { ExportLook } from './looks';
import { runSlug, type ExportSource } from './metadata';
import type { PngText } from './png';

export type Rasterizer = (svg: SVGSVGElement, scale: number, text: readonly PngText[]) => Promise<Uint8Array>;

export interface ZipExport {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The paths inside the zip. */
  readonly files: readonly string[];
}

/**
 * Every figure as PNG and SVG with the data behind it (CSV and JSON), plus any extra files (the run's
 * configuration, the PyTorch snippet), in one zip named after the run.
 */
export async function buildExportZip(
  doc: Document,
  specs: readonly FigureExportSpec[],
  source: ExportSource,
  look: ExportLook,
  scale: number,
  rasterize: Rasterizer,
  extras: readonly { name: string; text: string }[],
  now: Date = new Date(),
): Promise<ZipExport> {
  const files: Zippable = {};
  for (const spec of specs) {
    const figure = renderFigureExport(doc, spec, source, look, now);
    files[`${spec.id}.svg`] = strToU8(figure.svgText);
    // PNG is compressed already: store it.
    files[`${spec.id}.png`] = [await rasterize(figure.svg, scale, pngTextEntries(figure.metadata)), { level: 0 }];
    for (const f of figureDataFiles(spec, figure.metadata)) files[f.name] = strToU8(f.text);
  }
  for (const f of extras) files[f.name] = strToU8(f.text);
  return { name: `dystress-lab_${runSlug(source)}.zip`, bytes: zipSync(files, { mtime: now }), files: Object.keys(files) };
}
