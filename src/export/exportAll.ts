import { strToU8, zip, type AsyncZippable } from 'fflate';
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
  const files: AsyncZippable = {};
  // One task per figure and per data set, so the page keeps answering between them.
  for (const spec of specs) {
    const figure = renderFigureExport(doc, spec, source, look, now);
    files[`${spec.id}.svg`] = strToU8(figure.svgText);
    // PNG is compressed already: store it.
    files[`${spec.id}.png`] = [await rasterize(figure.svg, scale, pngTextEntries(figure.metadata)), { level: 0 }];
    await nextTask();
    for (const f of figureDataFiles(spec, figure.metadata)) files[f.name] = strToU8(f.text);
    await nextTask();
  }
  for (const f of extras) files[f.name] = strToU8(f.text);
  return { name: `dystress-lab_${runSlug(source)}.zip`, bytes: await zipAsync(files, now), files: Object.keys(files) };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** fflate's zip compresses in workers, so megabytes of CSV do not freeze the page. */
function zipAsync(files: AsyncZippable, mtime: Date): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zip(files, { mtime }, (error, data) => (error ? reject(error) : resolve(data))));
}
