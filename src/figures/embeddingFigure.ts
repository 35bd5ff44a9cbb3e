import { format, range, scaleLinear, type ScaleLinear } from 'd3';
import { axisTitle, drawAxis, drawGridLines, tickCount } from './frame/axis';
import type { Drawn, FigureDocument, FigureRoot, Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { dotSubpath } from './frame/marks';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD, TICK_SIZE } from './frame/sizes';
import { classColor, classHollow } from './frame/styles';
import { memoisePerData } from './memo';
import { pca, type PcaResult } from '../core/analysis/pca';
import type { Theme } from './theme';

/**
 * The embedding's global structure, coloured by class: on the unit circle for a 2-D head, on an
 * orthographic view of the unit sphere for a 3-D head (rotation from the UI; the back hemisphere dimmed),
 * and as a PCA projection for more dimensions, with the explained variance printed; or a 2-D projection
 * computed elsewhere (PCA or UMAP in the analysis worker). Optional links join the two views of positive
 * pairs. `projectEmbedding` is the projection alone, for the page's pointer and the data export.
 */

export interface EmbeddingView {
  /** Rotation about the vertical axis (z₃), in degrees. */
  readonly yaw: number;
  /** Tilt towards the viewer (positive: seen from above), in degrees. */
  readonly pitch: number;
}

export interface EmbeddingData {
  readonly dim: number;
  /** n × dim, row-major (unit vectors from the model). */
  readonly points: ArrayLike<number>;
  /** n class labels (−1 = none). */
  readonly labels: ArrayLike<number>;
  /** Names for the legend, by label; "class k" where missing. */
  readonly classNames?: readonly string[];
  /** Index pairs to join, e.g. the two views of each sample. */
  readonly links?: readonly (readonly [number, number])[];
  /** The 3-D view; default yaw 35°, pitch 20°. */
  readonly view?: EmbeddingView;
  /** Precomputed 2-D coordinates (n×2, row-major) to draw instead of projecting `points`. */
  readonly projection?: PrecomputedProjection;
  /** When the points are a subsample: how many there are in all. */
  readonly sampleOf?: number;
}

export interface PrecomputedProjection {
  readonly kind: 'pca' | 'umap';
  readonly coordinates: ArrayLike<number>;
  /** PCA: the two components' shares of the variance. */
  readonly explained?: readonly [number, number];
  /** UMAP: the neighbours of its graph. */
  readonly neighbors?: number;
}

export type EmbeddingMode = 'circle' | 'sphere' | 'pca' | 'umap';

export interface EmbeddingProjection {
  readonly mode: EmbeddingMode;
  readonly n: number;
  /** Screen coordinates in data units: x right, y up. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Towards the viewer; > 0 on the front hemisphere (always 1 for circle and PCA). */
  readonly depth: Float64Array;
  /** Half the side of the square to show, in data units. */
  readonly half: number;
  /** PCA only: each component's share of the variance (unknown for a precomputed PCA without it: 0). */
  readonly explained?: readonly [number, number];
  /** Sphere only: the rotation applied to world coordinates, as a function. */
  readonly rotate?: (p: readonly [number, number, number]) => [number, number, number];
}

export const DEFAULT_VIEW: EmbeddingView = { yaw: 35, pitch: 20 };

/**
 * Orthographic view of z = (z₁, z₂, z₃): yaw turns about z₃, pitch tilts z₃ towards the viewer. Returns
 * (screen x, screen y up, depth towards the viewer).
 */
export function sphereRotation(view: EmbeddingView): (p: readonly [number, number, number]) => [number, number, number] {
  const psi = (view.yaw * Math.PI) / 180;
  const phi = (view.pitch * Math.PI) / 180;
  const [cy, sy, cp, sp] = [Math.cos(psi), Math.sin(psi), Math.cos(phi), Math.sin(phi)];
  return ([z1, z2, z3]) => {
    const a = cy * z1 - sy * z2;
    const b = sy * z1 + cy * z2;
    return [a, cp * z3 - sp * b, cp * b + sp * z3];
  };
}

/** Symmetric nice half-extent around 0 of coordinates that reach ±extent. */
function niceHalf(extent: number): number {
  return extent > 0 ? scaleLinear().domain([-extent * 1.08, extent * 1.08]).nice(4).domain()[1]! : 1;
}

function precomputed(data: EmbeddingData, projection: PrecomputedProjection): EmbeddingProjection {
  const n = Math.min(Math.floor(projection.coordinates.length / 2), data.labels.length);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = projection.coordinates[2 * i]!;
    y[i] = projection.coordinates[2 * i + 1]!;
  }
  if (projection.kind === 'umap') {
    // UMAP's coordinates have no meaningful origin: centre the layout on its bounding box.
    const centre = (v: Float64Array): void => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const a of v) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      const mid = n > 0 ? (lo + hi) / 2 : 0;
      for (let i = 0; i < n; i++) v[i] = v[i]! - mid;
    };
    centre(x);
    centre(y);
  }
  let extent = 0;
  for (let i = 0; i < n; i++) extent = Math.max(extent, Math.abs(x[i]!), Math.abs(y[i]!));
  const explained = projection.kind === 'pca' ? (projection.explained ?? [0, 0]) : undefined;
  return { mode: projection.kind, n, x, y, depth: new Float64Array(n).fill(1), half: niceHalf(extent), ...(explained ? { explained: [explained[0], explained[1]] } : {}) };
}

/**
 * The first two principal components of the points, computed once per points array: a snapshot's
 * embedding is drawn again on hover, rotation and theme changes, and the PCA can run in a task of its own
 * before the figure is built (prepareEmbeddingFigure).
 */
const principalPlaneOf = memoisePerData((points: ArrayLike<number>, shape: string): PcaResult => {
  const [n, dim] = shape.split('x').map(Number) as [number, number];
  return pca(points, n, dim, { components: 2 });
});

const principalPlane = (points: ArrayLike<number>, n: number, dim: number): PcaResult => principalPlaneOf(points, `${n}x${dim}`);

const pointCount = (data: EmbeddingData): number => (data.dim > 0 ? Math.min(Math.floor(data.points.length / data.dim), data.labels.length) : 0);

/** The figure's data work, its PCA above three dimensions, for a step of its own before the build. */
export function prepareEmbeddingFigure(data: EmbeddingData): void {
  if (!data.projection && data.dim > 3) principalPlane(data.points, pointCount(data), data.dim);
}

export function projectEmbedding(data: EmbeddingData): EmbeddingProjection {
  if (data.projection) return precomputed(data, data.projection);
  const { dim, points } = data;
  const n = pointCount(data);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const depth = new Float64Array(n).fill(1);
  if (dim <= 2) {
    for (let i = 0; i < n; i++) {
      x[i] = points[i * dim]!;
      y[i] = dim === 2 ? points[i * dim + 1]! : 0;
    }
    return { mode: 'circle', n, x, y, depth, half: 1.15 };
  }
  if (dim === 3) {
    const rotate = sphereRotation(data.view ?? DEFAULT_VIEW);
    for (let i = 0; i < n; i++) {
      const [sx, sy, d] = rotate([points[i * 3]!, points[i * 3 + 1]!, points[i * 3 + 2]!]);
      x[i] = sx;
      y[i] = sy;
      depth[i] = d;
    }
    return { mode: 'sphere', n, x, y, depth, half: 1.12, rotate };
  }
  const result = principalPlane(points, n, dim);
  let extent = 0;
  for (let i = 0; i < n; i++) {
    x[i] = result.projections[i * 2]!;
    y[i] = result.projections[i * 2 + 1]!;
    extent = Math.max(extent, Math.abs(x[i]!), Math.abs(y[i]!));
  }
  return { mode: 'pca', n, x, y, depth, half: niceHalf(extent), explained: [result.explained[0] ?? 0, result.explained[1] ?? 0] };
}

const percent = format('.1%');
const countFormat = format(',~d');

function pointRadius(n: number): number {
  return n <= 300 ? 3.5 : n <= 1000 ? 2.6 : 1.8;
}

function className(names: readonly string[] | undefined, label: number): string {
  if (label < 0) return 'no class';
  return names?.[label] ?? `class ${label}`;
}

/** A great circle through `normal`'s perpendicular plane, split into front and back runs of the view. */
function greatCircle(normalU: readonly [number, number, number], normalV: readonly [number, number, number], rotate: (p: readonly [number, number, number]) => [number, number, number]): { front: [number, number][][]; back: [number, number][][] } {
  const front: [number, number][][] = [];
  const back: [number, number][][] = [];
  let current: [number, number][] = [];
  let currentFront: boolean | null = null;
  for (let k = 0; k <= 144; k++) {
    const t = (2 * Math.PI * k) / 144;
    const p: [number, number, number] = [0, 1, 2].map((a) => Math.cos(t) * normalU[a]! + Math.sin(t) * normalV[a]!) as [number, number, number];
    const [sx, sy, d] = rotate(p);
    const isFront = d >= 0;
    if (currentFront !== null && isFront !== currentFront) {
      current.push([sx, sy]);
      (currentFront ? front : back).push(current);
      current = [];
    }
    current.push([sx, sy]);
    currentFront = isFront;
  }
  if (current.length > 1 && currentFront !== null) (currentFront ? front : back).push(current);
  return { front, back };
}

function drawSphereFrame(g: Group, projection: EmbeddingProjection, sx: ScaleLinear<number, number>, sy: ScaleLinear<number, number>, theme: Theme, layer: 'back' | 'front'): void {
  const rotate = projection.rotate!;
  const circles: { u: [number, number, number]; v: [number, number, number]; equator: boolean }[] = [{ u: [1, 0, 0], v: [0, 1, 0], equator: true }];
  for (const deg of [0, 45, 90, 135]) {
    const r = (deg * Math.PI) / 180;
    circles.push({ u: [Math.cos(r), Math.sin(r), 0], v: [0, 0, 1], equator: false });
  }
  const group = g.append('g').attr('data-role', `sphere-${layer}`).attr('fill', 'none');
  for (const c of circles) {
    const runs = greatCircle(c.u, c.v, rotate)[layer];
    for (const run of runs) {
      group
        .append('path')
        .attr('d', `M${run.map(([a, b]) => `${sx(a).toFixed(2)},${sy(b).toFixed(2)}`).join('L')}`)
        .attr('stroke', theme.muted)
        .attr('stroke-opacity', layer === 'front' ? (c.equator ? 0.55 : 0.3) : 0.18)
        .attr('stroke-width', c.equator ? 1.1 : 0.8)
        .attr('stroke-dasharray', layer === 'back' ? '3 3' : null)
        .attr('data-circle', c.equator ? 'equator' : 'meridian');
    }
  }
}

/** Where the plot square is drawn, in the SVG's units: data (−half … half on both axes) maps onto it. */
export interface EmbeddingPlot {
  /** The figure's width, to map client coordinates into the SVG. */
  readonly width: number;
  readonly half: number;
  readonly left: number;
  readonly top: number;
  readonly side: number;
}

export function renderEmbeddingFigure<D extends FigureDocument>(doc: D, data: EmbeddingData, options: LabFigureOptions): FigureRoot<D> {
  return drawEmbeddingFigure(doc, data, options).element;
}

/** The figure and its plot mapping, for the page to find the point under the pointer. */
export function drawEmbeddingFigure<D extends FigureDocument>(doc: D, data: EmbeddingData, options: LabFigureOptions): Drawn<EmbeddingPlot, FigureRoot<D>> {
  const { width, theme } = options;
  const projection = projectEmbedding(data);
  const { n, mode } = projection;
  const view = data.view ?? DEFAULT_VIEW;

  const present = new Set<number>();
  for (let i = 0; i < n; i++) present.add(data.labels[i]!);
  const classes = data.classNames ? range(data.classNames.length) : [...present].filter((l) => l >= 0).sort((a, b) => a - b);
  if (present.has(-1)) classes.push(-1);

  const explained = projection.explained;
  const modeNote =
    mode === 'circle'
      ? `${data.dim}-D embedding on the unit circle`
      : mode === 'sphere'
        ? `unit sphere, orthographic view (yaw ${format('.0f')(view.yaw)}°, pitch ${format('.0f')(view.pitch)}°), far side dimmed`
        : mode === 'umap'
          ? `UMAP of the ${data.dim}-D embedding (${data.projection?.neighbors ?? 15} neighbours): neighbourhoods are kept, distances between clusters are not`
          : `PCA of the ${data.dim}-D embedding: PC 1 ${percent(explained![0])}, PC 2 ${percent(explained![1])} of the variance (${percent(explained![0] + explained![1])} together)`;
  const linkCount = data.links?.filter(([i, j]) => i < n && j < n).length ?? 0;
  const sample = data.sampleOf !== undefined && data.sampleOf > n ? `a random ${countFormat(n)} of ${countFormat(data.sampleOf)} points` : `${countFormat(n)} points`;
  const note = `${modeNote} · ${sample}${linkCount > 0 ? ` · lines join ${countFormat(linkCount)} positive pairs` : ''}`;
  const description =
    `Embedding: ${note}, coloured by class (${classes.map((c) => className(data.classNames, c)).join(', ') || 'no classes'}).`;
  const modeName = { pca: 'PCA', umap: 'UMAP', sphere: 'unit sphere', circle: 'unit circle' }[mode];
  const { svg, root } = createFigureRoot(doc, { ariaLabel: `Embedding (${modeName})`, title: 'Embedding', description }, options);
  svg.attr('data-mode', mode);
  if (explained) svg.attr('data-explained', `${explained[0]} ${explained[1]}`);

  const legend: LegendItem[] = classes.map((c) => ({ label: className(data.classNames, c), color: classColor(theme, c), swatch: classHollow(c) ? 'hollow' : 'point' }));
  const top = drawHeader(svg, { title: 'Embedding', subtitle: options.subtitle, legend, notes: [note] }, options);
  const bottom = drawCaption(svg, options.caption, options) - (mode === 'sphere' ? 6 : 36);

  const axisRoom = mode === 'sphere' ? 0 : 50;
  const side = Math.max(60, Math.min(width - 2 * PAD - axisRoom, bottom - top - 4));
  const left = PAD + axisRoom + (width - 2 * PAD - axisRoom - side) / 2;
  const plotTop = top + 4;
  const sx = scaleLinear().domain([-projection.half, projection.half]).range([left, left + side]);
  const sy = scaleLinear().domain([-projection.half, projection.half]).range([plotTop + side, plotTop]);
  // The data-to-pixel mapping (half-side in data units, then left, top and side in px) is in the markup too,
  // for readers of the SVG.
  const body: Group = svg.append('g').attr('data-role', 'plot').attr('data-plot', `${projection.half} ${left} ${plotTop} ${side}`);

  if (mode !== 'sphere') {
    const ticks = mode === 'circle' ? [-1, -0.5, 0, 0.5, 1] : sx.ticks(tickCount(side, 60));
    drawGridLines(body, sx, sy, ticks, ticks, theme);
    drawAxis(body, { scale: sx, orient: 'bottom', at: plotTop + side, ticks, format: sx.tickFormat(ticks.length), name: 'x' }, options);
    drawAxis(body, { scale: sy, orient: 'left', at: left, ticks, format: sy.tickFormat(ticks.length), name: 'y' }, options);
    const [xName, yName] =
      mode === 'circle' ? ['z₁', 'z₂'] : mode === 'umap' ? ['UMAP 1', 'UMAP 2'] : [`PC 1 (${percent(explained![0])})`, `PC 2 (${percent(explained![1])})`];
    axisTitle(body, xName, left + side / 2, plotTop + side + 34, theme);
    axisTitle(body, yName, left - 46, plotTop + side / 2, theme, true);
  }
  if (mode === 'circle') {
    body
      .append('circle')
      .attr('cx', sx(0))
      .attr('cy', sy(0))
      .attr('r', sx(1) - sx(0))
      .attr('fill', 'none')
      .attr('stroke', theme.muted)
      .attr('stroke-width', 1.25)
      .attr('data-role', 'unit-circle');
  }
  if (mode === 'sphere') {
    body
      .append('circle')
      .attr('cx', sx(0))
      .attr('cy', sy(0))
      .attr('r', sx(1) - sx(0))
      .attr('fill', theme.grid)
      .attr('fill-opacity', 0.25)
      .attr('stroke', theme.muted)
      .attr('stroke-width', 1.25)
      .attr('data-role', 'unit-sphere');
    drawSphereFrame(body, projection, sx, sy, theme, 'back');
  }

  // Back to front: points (and links) on the far hemisphere first and dimmed.
  const order = range(n).sort((a, b) => projection.depth[a]! - projection.depth[b]! || a - b);
  const r = pointRadius(n);
  const outline = theme.name === 'light' ? theme.foreground : theme.background;
  const drawLinks = (front: boolean): void => {
    const links = (data.links ?? []).filter(([i, j]) => i < n && j < n && (projection.depth[i]! + projection.depth[j]! >= 0) === front);
    if (links.length === 0) return;
    const g = body.append('g').attr('data-role', front ? 'links' : 'links-back').attr('stroke', theme.muted).attr('stroke-width', 1).attr('stroke-opacity', front ? 0.55 : 0.2);
    for (const [i, j] of links) {
      g.append('line').attr('x1', sx(projection.x[i]!).toFixed(2)).attr('y1', sy(projection.y[i]!).toFixed(2)).attr('x2', sx(projection.x[j]!).toFixed(2)).attr('y2', sy(projection.y[j]!).toFixed(2));
    }
  };
  // One path per class and hemisphere, each point a closed circle in it: a few elements instead of
  // thousands keeps the figure cheap to rebuild at the lab's update rate. Within a hemisphere the classes
  // are drawn in legend order.
  const drawPoints = (front: boolean): void => {
    const g = body.append('g').attr('data-role', front ? 'points' : 'points-back').attr('opacity', front ? 1 : 0.3);
    const arcs = new Map<number, string[]>();
    for (const i of order) {
      if ((projection.depth[i]! >= 0) !== front) continue;
      const label = data.labels[i]!;
      let list = arcs.get(label);
      if (!list) arcs.set(label, (list = []));
      list.push(dotSubpath(sx(projection.x[i]!), sy(projection.y[i]!), r, 2));
    }
    for (const label of [...classes, ...[...arcs.keys()].filter((l) => !classes.includes(l))]) {
      const list = arcs.get(label);
      if (!list) continue;
      const color = classColor(theme, label);
      const hollow = classHollow(label);
      g.append('path')
        .attr('d', list.join(''))
        .attr('fill', hollow ? 'none' : color)
        .attr('fill-opacity', 0.85)
        .attr('stroke', hollow ? color : outline)
        .attr('stroke-width', hollow ? 1.3 : 0.5)
        .attr('stroke-opacity', hollow ? 1 : 0.35)
        .attr('data-class', label)
        .attr('data-count', list.length);
    }
  };
  drawLinks(false);
  drawPoints(false);
  if (mode === 'sphere') drawSphereFrame(body, projection, sx, sy, theme, 'front');
  drawLinks(true);
  drawPoints(true);

  if (mode === 'sphere') {
    // Orientation key: where the embedding's three axes point in this view.
    const rotate = projection.rotate!;
    const ox = PAD + 24;
    const oy = plotTop + side - 24;
    const triad = body.append('g').attr('data-role', 'axes-key').attr('font-size', TICK_SIZE);
    (['z₁', 'z₂', 'z₃'] as const).forEach((name, a) => {
      const e: [number, number, number] = [0, 0, 0];
      e[a] = 1;
      const [ex, ey, d] = rotate(e);
      const tip = [ox + ex * 20, oy - ey * 20];
      triad
        .append('line')
        .attr('x1', ox)
        .attr('y1', oy)
        .attr('x2', tip[0]!.toFixed(2))
        .attr('y2', tip[1]!.toFixed(2))
        .attr('stroke', theme.foreground)
        .attr('stroke-width', 1.25)
        .attr('stroke-dasharray', d < 0 ? '2 2' : null);
      triad
        .append('text')
        .attr('x', (ox + ex * 30).toFixed(2))
        .attr('y', (oy - ey * 30 + 4).toFixed(2))
        .attr('text-anchor', 'middle')
        .attr('fill', theme.foreground)
        .attr('data-axis-key', name)
        .text(name);
    });
  }
  return { element: root, geometry: { width, half: projection.half, left, top: plotTop, side } };
}
