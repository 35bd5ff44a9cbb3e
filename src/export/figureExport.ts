import { figureDataJson, toCsv, type FigureData } from './figureData';
import type { ExportLook } from './looks';
import { APP_NAME, APP_VERSION, exportBaseName, exportMetadata, type ExportMetadata, type ExportSource } from './metadata';
import { asciiJson, type PngText } from './png';
import { renderExportSvg, serialiseSvg, type FigureRenderer } from './svg';

/** Everything the export needs to know about one figure of the lab. */
export interface FigureExportSpec {
  readonly id: string;
  readonly title: string;
  readonly wide: boolean;
  readonly heightFor: (width: number) => number;
  readonly render: FigureRenderer;
  readonly data: () => FigureData;
}

export const PNG_METADATA_KEYWORD = 'dystress-lab';

const LATIN1_FALLBACKS: Readonly<Record<string, string>> = { τ: 'tau', '–': '-', '—': '-', '−': '-', '…': '...', '’': "'", '×': 'x' };

/** Text for a tEXt chunk that must be Latin-1: common symbols spelled out, anything else as “?”. */
export function latin1Text(text: string): string {
  return [...text].map((c) => (c.charCodeAt(0) <= 0xff ? c : (LATIN1_FALLBACKS[c] ?? '?'))).join('');
}

/** The PNG's tEXt entries: the standard Title and Software, and the full metadata as ASCII JSON. */
export function pngTextEntries(metadata: ExportMetadata): PngText[] {
  return [
    { keyword: 'Title', text: latin1Text(metadata.figure.title) },
    { keyword: 'Software', text: `${APP_NAME} ${APP_VERSION}` },
    { keyword: PNG_METADATA_KEYWORD, text: asciiJson(metadata) },
  ];
}

export interface RenderedFigure {
  readonly base: string;
  readonly metadata: ExportMetadata;
  readonly svg: SVGSVGElement;
  readonly svgText: string;
}

export function renderFigureExport(doc: Document, spec: FigureExportSpec, source: ExportSource, look: ExportLook, now?: Date): RenderedFigure {
  const metadata = exportMetadata(source, spec, now);
  const svg = renderExportSvg(doc, spec.render, look, spec.wide, spec.heightFor, metadata);
  return { base: exportBaseName(source, spec.id), metadata, svg, svgText: serialiseSvg(doc, svg) };
}

/** The data files of a figure: one CSV per table and one JSON holding metadata, tables and extras. */
export function figureDataFiles(spec: FigureExportSpec, metadata: ExportMetadata): { name: string; text: string }[] {
  const data = spec.data();
  return [
    ...data.tables.map((t) => ({ name: `${spec.id}_${t.name}.csv`, text: toCsv(t) })),
    { name: `${spec.id}.json`, text: `${JSON.stringify(figureDataJson(data, metadata), null, 1)}\n` },
  ];
}
