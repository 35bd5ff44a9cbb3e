import type { HistoryPoint } from '../core/config';
import type { NegativeProfile } from '../core/analysis';
import type { PairSplit } from '../core/metrics';

/**
 * The data behind each figure, as tables (written as CSV) and a JSON document, so a figure can be re-plotted
 * elsewhere (matplotlib, a paper's own style) from exactly the numbers the lab drew. Pure functions.
 */

export type Cell = number | string | null | undefined;

export interface DataTable {
  /** File name stem, e.g. `temperature-curve` → `temperature-curve.csv`. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface FigureData {
  readonly tables: readonly DataTable[];
  /** Extra values that are not a table (distances, labels); the tables are added to the JSON file too. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

// ----------------------------------------------------------------------------------------------- writing

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV with a header row; numbers at full precision, missing and non-finite values empty. */
export function toCsv(table: DataTable): string {
  const lines = [table.columns.map(csvCell).join(',')];
  for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A table as one array per column (pandas: `pd.DataFrame(json["tables"][name])`); non-finite numbers as null. */
export function tableColumns(table: DataTable): Record<string, (number | string | null)[]> {
  return Object.fromEntries(
    table.columns.map((c, i) => [
      c,
      table.rows.map((row) => {
        const v = row[i];
        return v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
      }),
    ]),
  );
}

export function figureDataJson(data: FigureData, metadata: unknown): Record<string, unknown> {
  return { metadata, ...data.extra, tables: Object.fromEntries(data.tables.map((t) => [t.name, tableColumns(t)])) };
}

// ---------------------------------------------------------------------------------------------- extraction

export interface CurveSamples {
  readonly label: string;
  readonly curve: { readonly s: ArrayLike<number>; readonly tau: ArrayLike<number>; readonly logit: ArrayLike<number> };
}

/** τ(s) and s/τ(s) of the live curve and every pinned one, in long form (one row per curve and s). */
export function temperatureCurveTable(current: CurveSamples, pins: readonly CurveSamples[]): DataTable {
  const rows: Cell[][] = [];
  [current, ...pins].forEach(({ label, curve }, i) => {
    const name = i === 0 ? 'current' : `pin${i}`;
    for (let k = 0; k < curve.s.length; k++) rows.push([name, label, curve.s[k]!, curve.tau[k]!, curve.logit[k]!]);
  });
  return { name: 'temperature-curve', columns: ['curve', 'label', 's', 'tau', 'logit'], rows };
}

const PAIR_COLUMNS = [
  ['truePositive', 'true_positive'],
  ['falseNegative', 'false_negative'],
  ['trueNegative', 'true_negative'],
] as const;

/**
 * Counts of the batch's pair similarities by type in `bins` equal bins over [−1, 1] (s = 1 in the last bin;
 * non-finite values skipped), with each type's share of its own pairs and, given τ, τ at the bin centre.
 */
export function pairHistogramTable(pairs: PairSplit, bins: number, tauAt?: (s: number) => number): DataTable {
  const counts = PAIR_COLUMNS.map(([key]) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of pairs[key]) if (Number.isFinite(v)) c[Math.min(bins - 1, Math.max(0, Math.floor(((v + 1) / 2) * bins)))]! += 1;
    return c;
  });
  const totals = counts.map((c) => c.reduce((a, b) => a + b, 0));
  const rows: Cell[][] = [];
  for (let b = 0; b < bins; b++) {
    const lo = -1 + (2 * b) / bins;
    const hi = -1 + (2 * (b + 1)) / bins;
    const mid = (lo + hi) / 2;
    const row: Cell[] = [lo, hi, mid];
    counts.forEach((c) => row.push(c[b]!));
    counts.forEach((c, i) => row.push(totals[i]! > 0 ? c[b]! / totals[i]! : null));
    if (tauAt) row.push(tauAt(mid));
    rows.push(row);
  }
  const columns = [
    's_low',
    's_high',
    's_mid',
    ...PAIR_COLUMNS.map(([, c]) => `count_${c}`),
    ...PAIR_COLUMNS.map(([, c]) => `share_${c}`),
    ...(tauAt ? ['tau_at_mid'] : []),
  ];
  return { name: 'pair-histogram', columns, rows };
}

export interface PairDistances {
  readonly tpFn: number;
  readonly fnTn: number;
  readonly tpTn: number;
}

/** The 1-D Wasserstein distances between the pair types' similarity distributions, step by step. */
export function distanceTable(points: readonly { readonly step: number; readonly distances: PairDistances }[]): DataTable {
  return {
    name: 'w1-distances',
    columns: ['step', 'w1_tp_fn', 'w1_fn_tn', 'w1_tp_tn'],
    rows: points.map((p) => [p.step, p.distances.tpFn, p.distances.fnTn, p.distances.tpTn]),
  };
}

const HISTORY_COLUMNS = [
  'step',
  'loss',
  'knnAccuracy',
  'alignment',
  'uniformity',
  'tolerance',
  'interClassUniformity',
  'tauPositiveMean',
  'tauNegativeMean',
  'stepMs',
] as const satisfies readonly (keyof HistoryPoint)[];

/** Columns only a run that learns its temperature records (a learned τ, SigLIP's bias). */
const LEARNED_COLUMNS = ['learnedTau', 'learnedBias'] as const satisfies readonly (keyof HistoryPoint)[];

/** The training history as the curves show it (the lab keeps a decimated history of long runs). */
export function historyTable(points: readonly HistoryPoint[]): DataTable {
  const learned = LEARNED_COLUMNS.filter((c) => points.some((p) => p[c] !== undefined && p[c] !== null));
  const columns = [...HISTORY_COLUMNS, ...learned];
  return { name: 'training-history', columns, rows: points.map((p) => columns.map((c) => p[c] ?? null)) };
}

export function uniformityToleranceTable(points: readonly HistoryPoint[]): DataTable {
  return {
    name: 'uniformity-tolerance',
    columns: ['step', 'uniformity', 'tolerance'],
    rows: points.map((p) => [p.step, p.uniformity, p.tolerance ?? null]),
  };
}

export interface EmbeddingSample {
  readonly dim: number;
  /** Row-major, `dim` values per point. */
  readonly points: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
}

/**
 * One row per held-out point: its class, its coordinates on the unit sphere and, given the figure's
 * projection (PCA, or the turned sphere), the 2-D position it is drawn at.
 */
export function embeddingTable(
  { dim, points, labels }: EmbeddingSample,
  classNames?: readonly string[],
  projection?: { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> },
): DataTable {
  const rows: Cell[][] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const row: Cell[] = [i, label, classNames?.[label] ?? String(label)];
    for (let d = 0; d < dim; d++) row.push(points[i * dim + d]!);
    if (projection) row.push(projection.x[i], projection.y[i]);
    rows.push(row);
  }
  const columns = ['index', 'label', 'class', ...Array.from({ length: dim }, (_, d) => `z${d + 1}`), ...(projection ? ['plot_x', 'plot_y'] : [])];
  return { name: 'embedding', columns, rows };
}

/** Every negative pair of the batch: its similarity, gradient weight and relative penalty. */
export function gradientTable(profile: NegativeProfile): DataTable {
  const rows: Cell[][] = [];
  for (let i = 0; i < profile.s.length; i++) rows.push([profile.s[i]!, profile.weight[i]!, profile.relativePenalty[i]!]);
  return { name: 'negative-gradients', columns: ['s', 'gradient_weight', 'relative_penalty'], rows };
}
