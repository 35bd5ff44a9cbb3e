import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { optimalTemperatureBand } from '../../src/core/sweep/band';
import { expandCells } from '../../src/core/sweep/definition';
import { summariseSweep } from '../../src/core/sweep/results';
import { studentTQuantile } from '../../src/core/sweep/statistics';
import { sweepFigureTables } from '../../src/export/sweepData';
import type { LabFigureOptions } from '../../src/figures/frame/root';
import { decimalsFor, drawSweepFigure, isGeometric, renderSweepFigure, sweepCellAt, textColorOn, type SweepFigureData, type SweepGeometry } from '../../src/figures/sweepFigure';
import { renderTemperatureFigure } from '../../src/figures/temperatureFigure';
import { darkTheme, lightTheme } from '../../src/figures/theme';
import { actualize, buildLight } from '../../src/ui/lightDom';
import { crowded, crowdedRuns, grid, GRID_KNN, gridRuns, labelled, line, LINE_KNN, lineRuns, SIMILARITIES } from './sweep-figure.fixtures';
import { goldenMarkup } from './support/goldenSvg';

/**
 * The sweep figure on fixed sweeps whose best cell, optimal region and differences to the best constant τ
 * are worked out by hand in sweep-figure.fixtures.ts: golden files, the numbers in the cells, the marks and
 * the geometry the pointer uses; the optimal region's τ band; the figure's data tables.
 */

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const light: LabFigureOptions = { width: 560, height: 520, theme: lightTheme };
const darkNarrow: LabFigureOptions = { width: 380, height: 560, theme: darkTheme };

const heatmap: SweepFigureData = { definition: grid, runs: gridRuns, view: { metric: 'knnAccuracy', versusConstant: false } };
const versus: SweepFigureData = { ...heatmap, view: { metric: 'knnAccuracy', versusConstant: true } };
const oneAxis: SweepFigureData = { definition: line, runs: lineRuns, view: { metric: 'knnAccuracy', versusConstant: false } };

const T = studentTQuantile(0.975, 2);
const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: readonly number[]): number => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));

/** Each cell's lines of text, by cell index. */
function cellTexts(svg: SVGSVGElement): Map<number, string[]> {
  return new Map([...svg.querySelectorAll('[data-role="cells"] [data-cell]')].map((g) => [Number(g.getAttribute('data-cell')), [...g.querySelectorAll('tspan')].map((t) => t.textContent!)]));
}

/** Path data "M x,y V y" / "M x,y H x" as unit segments keyed by their end points, rounded. */
function segments(d: string): Set<string> {
  const out = new Set<string>();
  for (const m of d.matchAll(/M(-?[\d.]+),(-?[\d.]+)([VH])(-?[\d.]+)/g)) {
    const [x, y, kind, to] = [Number(m[1]), Number(m[2]), m[3], Number(m[4])];
    const [a, b] = kind === 'V' ? [[x, y], [x, to]] : [[x, y], [to, y]];
    out.add([a, b].map((p) => p.map((v) => v.toFixed(2)).join(',')).sort().join(' '));
  }
  return out;
}

const centre = (c: SweepGeometry['cells'][number]): [number, number] => [c.x + c.width / 2, c.y + c.height / 2];

describe('sweep heatmap', () => {
  it('matches its golden files (light; versus the best constant τ; dark, narrow, loss)', async () => {
    await expect(goldenMarkup(renderSweepFigure(doc, heatmap, light))).toMatchFileSnapshot('./golden/sweep-heatmap-light.svg');
    await expect(goldenMarkup(renderSweepFigure(doc, versus, light))).toMatchFileSnapshot('./golden/sweep-heatmap-versus-light.svg');
    const loss = { ...heatmap, view: { metric: 'loss' as const, versusConstant: false } };
    await expect(goldenMarkup(renderSweepFigure(doc, loss, darkNarrow))).toMatchFileSnapshot('./golden/sweep-heatmap-dark-narrow.svg');
  });

  it('writes each cell’s mean ± sd over seeds, and draws skipped, diverged and pending cells as such', () => {
    const texts = cellTexts(renderSweepFigure(doc, heatmap, light));
    for (const [cell, values] of Object.entries(GRID_KNN)) {
      expect(texts.get(Number(cell))).toEqual([mean(values).toFixed(3), `±${sd(values).toFixed(3)}`]);
    }
    // By hand: cell 4 0.920 ± 0.020, cell 3 0.880 ± 0.017 (sd √0.0003), cell 7 0.917 ± 0.031.
    expect(texts.get(4)).toEqual(['0.920', '±0.020']);
    expect(texts.get(3)).toEqual(['0.880', '±0.017']);
    expect(texts.get(7)).toEqual(['0.917', '±0.031']);
    expect(texts.get(0)).toEqual(['diverged']);
    expect(texts.get(2)).toEqual(['skipped']);
    expect(texts.get(8)).toEqual([]);
    const svg = renderSweepFigure(doc, heatmap, light);
    expect(svg.querySelector('[data-cell="0"]')!.getAttribute('data-state')).toBe('diverged');
    expect(svg.querySelector('[data-cell="2"]')!.getAttribute('data-state')).toBe('skipped');
    expect(svg.querySelector('[data-cell="2"] path')!.getAttribute('d')).toMatch(/^M.*L/);
    expect(svg.querySelector('[data-cell="8"]')!.getAttribute('data-state')).toBe('pending');
  });

  it('marks the cell with the best mean, and names it with mean ± 95 % CI half-width and n', () => {
    const { element: svg, geometry } = drawSweepFigure(doc, heatmap, light);
    expect(svg.getAttribute('data-best-cell')).toBe('4');
    const cell4 = geometry.cells.find((c) => c.index === 4)!;
    expect(svg.querySelector('[data-role="best"] path')!.getAttribute('d')).toBe(`M${cell4.x},${cell4.y}h${cell4.width}v${cell4.height}h${-cell4.width}Z`);
    const halfWidth = (T * 0.02) / Math.sqrt(3);
    expect(halfWidth.toFixed(3)).toBe('0.050');
    const notes = [...svg.querySelectorAll('[data-role="note"]')].map((n) => n.textContent).join(' ');
    expect(notes).toContain('Best: τ min 0.1, τ max 0.2: kNN accuracy 0.920 ± 0.050 (95 % CI, n = 3)');
    expect(notes).toContain('Best constant τ = 0.2: 0.900');
    // Loss (6 − 2·kNN) is best where it is lowest: the same cell.
    expect(renderSweepFigure(doc, { ...heatmap, view: { metric: 'loss', versusConstant: false } }, light).getAttribute('data-best-cell')).toBe('4');
  });

  it('outlines the optimal region (cells 4, 5, 7) along exactly the edges it does not share', () => {
    const { element: svg, geometry } = drawSweepFigure(doc, heatmap, light);
    const optimal = [...svg.querySelectorAll('[data-optimal="true"]')].map((g) => Number(g.getAttribute('data-cell')));
    expect(optimal.sort()).toEqual([4, 5, 7]);
    // Naively: every edge of the region's cells, less those two of its cells share.
    const count = new Map<string, number>();
    for (const c of geometry.cells.filter((g) => [4, 5, 7].includes(g.index))) {
      const d = `M${c.x},${c.y}V${c.y + c.height}M${c.x + c.width},${c.y}V${c.y + c.height}M${c.x},${c.y}H${c.x + c.width}M${c.x},${c.y + c.height}H${c.x + c.width}`;
      for (const s of segments(d)) count.set(s, (count.get(s) ?? 0) + 1);
    }
    const boundary = new Set([...count].filter(([, n]) => n === 1).map(([s]) => s));
    expect(boundary.size).toBe(8);
    const drawn = svg.querySelectorAll('[data-role="optimal-region"] path');
    expect(segments(drawn[1]!.getAttribute('d')!)).toEqual(boundary);
    expect(drawn[1]!.getAttribute('stroke-dasharray')).not.toBeNull();
  });

  it('places each cell under its x value and beside its y value, and maps each cell’s centre back to it', () => {
    const { element: svg, geometry } = drawSweepFigure(doc, heatmap, light);
    const xLabels = [...svg.querySelectorAll('[data-axis="x"] text')].map((t) => ({ value: Number(t.textContent), at: Number(t.getAttribute('x')) }));
    const yLabels = [...svg.querySelectorAll('[data-axis="y"] text')].map((t) => ({ value: Number(t.textContent), at: Number(t.getAttribute('y')) }));
    const cells = expandCells(grid);
    expect(geometry.cells).toHaveLength(9);
    for (const g of geometry.cells) {
      const [cx, cy] = centre(g);
      expect(sweepCellAt(geometry, cx, cy)).toBe(g.index);
      expect(xLabels.find((l) => l.value === cells[g.index]!.x)!.at).toBeCloseTo(cx, 9);
      expect(yLabels.find((l) => l.value === cells[g.index]!.y)!.at).toBeCloseTo(cy, 9);
    }
    // The first y value is the bottom row.
    expect(geometry.cells[0]!.y).toBeGreaterThan(geometry.cells[8]!.y);
    expect(sweepCellAt(geometry, 1, 1)).toBeNull();
    expect(sweepCellAt(geometry, light.width - 1, centre(geometry.cells[4]!)[1])).toBeNull();
    expect(geometry.width).toBe(560);
  });

  it('shows each cell minus the best constant τ, paired by seed, with n.s. where the interval covers 0', () => {
    const svg = renderSweepFigure(doc, versus, light);
    const texts = cellTexts(svg);
    // Best constant τ = 0.2 (0.88, 0.90, 0.92). Cell 4: +0.02 on every seed; cell 6: −0.04 −0.05 −0.06;
    // cell 5: +0.01 0 +0.01 and cell 3: −0.02 −0.01 −0.03, both covering 0; cell 1: −0.08 on every seed.
    expect(texts.get(4)).toEqual(['+0.020', '±0.000']);
    expect(texts.get(6)).toEqual(['−0.050', '±0.010']);
    expect(texts.get(5)).toEqual(['+0.007', 'n.s.']);
    expect(texts.get(3)).toEqual(['−0.020', 'n.s.']);
    expect(texts.get(7)).toEqual(['+0.017', 'n.s.']);
    expect(texts.get(1)).toEqual(['−0.080', '±0.000']);
    const caption = [...svg.querySelectorAll('[data-role="caption"]')].map((c) => c.textContent).join(' ');
    expect(caption).toContain('not distinguishable at n = 3');
    expect(svg.querySelector('desc')!.textContent).toContain('τ min 0.2, τ max 0.2: kNN accuracy − best constant τ +0.007 ± 0.006 (sd), n = 3; optimal region, not distinguishable at n = 3');
  });

  it('colours better cells darker whichever way the metric improves, with text that contrasts', () => {
    const fill = (svg: SVGSVGElement, cell: number): number => {
      const rect = svg.querySelector(`[data-cell="${cell}"] rect`)!;
      const { r, g, b } = /rgb\((?<r>\d+), (?<g>\d+), (?<b>\d+)\)/.exec(rect.getAttribute('fill')!)!.groups!;
      return Number(r) + Number(g) + Number(b);
    };
    for (const metric of ['knnAccuracy', 'loss'] as const) {
      const svg = renderSweepFigure(doc, { ...heatmap, view: { metric, versusConstant: false } }, light);
      expect(fill(svg, 4)).toBeLessThan(fill(svg, 3));
      expect(fill(svg, 3)).toBeLessThan(fill(svg, 1));
    }
    expect(textColorOn('#ffffff')).toBe('#000000');
    expect(textColorOn('rgb(8, 48, 107)')).toBe('#ffffff');
    expect(textColorOn('#fde0c5')).toBe('#000000');
  });

  it('keeps every number inside its cell on an 8 × 8 grid 360 px wide', () => {
    const { element: svg, geometry } = drawSweepFigure(doc, { definition: crowded, runs: crowdedRuns, view: { metric: 'knnAccuracy', versusConstant: false } }, { width: 360, height: 560, theme: lightTheme });
    expect(geometry.cells).toHaveLength(64);
    const width = geometry.cells[0]!.width;
    for (const text of svg.querySelectorAll('[data-role="cells"] text')) {
      const size = Number(text.getAttribute('font-size'));
      for (const line of text.querySelectorAll('tspan')) expect(line.textContent!.length * size * 0.55).toBeLessThan(width);
    }
  });

  it('builds the same markup in the lab’s light document', () => {
    for (const data of [heatmap, versus, oneAxis]) {
      const real = new window.XMLSerializer().serializeToString(renderSweepFigure(doc, data, darkNarrow));
      const built = new window.XMLSerializer().serializeToString(actualize(buildLight((d) => renderSweepFigure(d, data, darkNarrow)), doc));
      expect(built).toBe(real);
    }
  });
});

describe('sweep line (one axis)', () => {
  it('matches its golden file', async () => {
    await expect(goldenMarkup(renderSweepFigure(doc, oneAxis, { width: 560, height: 460, theme: lightTheme }))).toMatchFileSnapshot('./golden/sweep-line-light.svg');
  });

  it('draws a geometric progression on a log axis, and each mean ± t-interval and the best constant τ where the axes say', () => {
    expect(isGeometric([0.025, 0.05, 0.1, 0.2])).toBe(true);
    expect(isGeometric([0.1, 0.2, 0.3])).toBe(false);
    expect(isGeometric([0.1, 0.2])).toBe(false);
    const { element: svg, geometry } = drawSweepFigure(doc, oneAxis, { width: 560, height: 460, theme: lightTheme });
    const ticks = (axis: string) =>
      [...svg.querySelectorAll(`[data-axis="${axis}"] .tick`)].map((t) => {
        const [, tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform')!)!;
        // Ticks sit half a pixel off the scale, for crisp lines on standard-density screens.
        return { at: Number(axis === 'x' ? tx : ty) - 0.5, value: Number(t.textContent!.replace('−', '-')) };
      });
    const xs = ticks('x');
    expect(xs.map((t) => t.value)).toEqual([0.025, 0.05, 0.1, 0.2]);
    // Equal ratios, equal steps.
    expect(xs[1]!.at - xs[0]!.at).toBeCloseTo(xs[3]!.at - xs[2]!.at, 6);
    const ys = ticks('y');
    const yOf = (v: number): number => ys[0]!.at + ((v - ys[0]!.value) * (ys.at(-1)!.at - ys[0]!.at)) / (ys.at(-1)!.value - ys[0]!.value);
    LINE_KNN.forEach((values, cell) => {
      const g = svg.querySelector(`[data-role="points"] [data-cell="${cell}"]`)!;
      expect(Number(g.querySelector('circle')!.getAttribute('cy'))).toBeCloseTo(yOf(mean(values)), 6);
      const half = (T * sd(values)) / Math.sqrt(3);
      const [, low, high] = /M[-\d.]+,([-\d.]+)V([-\d.]+)/.exec(g.querySelector('path')!.getAttribute('d')!)!;
      expect(Number(low)).toBeCloseTo(yOf(mean(values) - half), 6);
      expect(Number(high)).toBeCloseTo(yOf(mean(values) + half), 6);
      expect(sweepCellAt(geometry, Number(g.querySelector('circle')!.getAttribute('cx')), Number(g.querySelector('circle')!.getAttribute('cy')))).toBe(cell);
    });
    const constant = svg.querySelector('[data-role="constant"]')!;
    expect(constant.getAttribute('data-tau')).toBe('0.2');
    expect(Number(constant.querySelector('line')!.getAttribute('y1'))).toBeCloseTo(yOf(0.9), 6);
    expect(constant.querySelector('text')!.textContent).toBe('best constant τ = 0.2');
    // Best: cell 2 (0.93); cell 1 (0.90 0.91 0.95) is within its paired interval, cells 0 and 3 are not.
    expect(svg.getAttribute('data-best-cell')).toBe('2');
    expect(svg.querySelector('[data-cell="2"] [data-role="best"]')).not.toBeNull();
    expect([...svg.querySelectorAll('[data-optimal="true"]')].map((g) => g.getAttribute('data-cell')).sort()).toEqual(['1', '2']);
    expect(sweepCellAt(geometry, 1, 1)).toBeNull();
  });
});

describe('the optimal region’s τ band', () => {
  const region = summariseSweep(grid, 9, gridRuns, 'knnAccuracy').region;

  it('is the pointwise min and max of τ(s) over the region’s cells', () => {
    const band = optimalTemperatureBand(grid, region, SIMILARITIES)!;
    // Cells 4, 5, 7: (τ min, τ max) = (0.1, 0.2), (0.2, 0.2), (0.1, 0.5); DySTreSS written out.
    const settings = [
      [0.1, 0.2],
      [0.2, 0.2],
      [0.1, 0.5],
    ];
    expect(band.cells).toBe(3);
    SIMILARITIES.forEach((s, k) => {
      let low = Infinity;
      let high = -Infinity;
      for (const [tmin, tmax] of settings) {
        const tau = tmin! + 0.5 * (tmax! - tmin!) * (1 + Math.cos(Math.PI * (1 + s)));
        low = Math.min(low, tau);
        high = Math.max(high, tau);
      }
      expect(band.low[k]).toBeCloseTo(low, 12);
      expect(band.high[k]).toBeCloseTo(high, 12);
    });
    expect(optimalTemperatureBand(grid, { best: -1, cells: region.cells.map((c) => ({ ...c, optimal: false })) }, SIMILARITIES)).toBeNull();
  });

  it('is drawn on the temperature figure as a translucent area with its legend entry (golden file)', async () => {
    const band = optimalTemperatureBand(grid, region, SIMILARITIES)!;
    const current = labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    const label = `optimal region of the sweep (${band.cells} cells)`;
    const svg = renderTemperatureFigure(doc, { current, pins: [], band: { ...band, label } }, { width: 560, height: 420, theme: lightTheme });
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/sweep-temperature-band-light.svg');
    const area = svg.querySelector('[data-role="areas"] path')!;
    expect(area.getAttribute('data-area')).toBe(label);
    expect(Number(area.getAttribute('fill-opacity'))).toBeLessThan(1);
    expect(svg.querySelector('desc')!.textContent).toContain(`Shaded: ${label}`);
    // τ max 0.5 raises the y axis to 0.5 or above.
    const yTicks = [...svg.querySelectorAll('[data-axis="y"] .tick text')].map((t) => Number(t.textContent));
    expect(Math.max(...yTicks)).toBeGreaterThanOrEqual(0.5);
    // Without a band there is no area at all.
    expect(renderTemperatureFigure(doc, { current, pins: [] }, { width: 560, height: 420, theme: lightTheme }).querySelector('[data-role="areas"]')).toBeNull();
  });
});

describe('sweep figure tables', () => {
  it('give one row per cell with the summary of summariseSweep, and one per constant τ', () => {
    const [cells, constants] = sweepFigureTables(heatmap);
    const summary = summariseSweep(grid, 9, gridRuns, 'knnAccuracy');
    expect(cells!.columns.slice(0, 3)).toEqual(['cell', 'tmin', 'tmax']);
    expect(cells!.rows).toHaveLength(9);
    const column = (name: string) => cells!.columns.indexOf(name);
    cells!.rows.forEach((row, i) => {
      const { summary: s, optimal } = summary.region.cells[i]!;
      const d = summary.toBestConstant[i]!;
      expect(row[column('n')]).toBe(s.n);
      for (const [name, value] of [
        ['mean', s.mean],
        ['sd', s.sd],
        ['ci_low', s.low],
        ['ci_high', s.high],
        ['vs_constant_mean', d.mean],
        ['vs_constant_low', d.low],
        ['vs_constant_high', d.high],
      ] as const) {
        expect(row[column(name)]).toBe(value);
      }
      expect(row[column('optimal')]).toBe(String(optimal));
      expect(row[column('best')]).toBe(String(i === 4));
      expect(row[column('vs_constant_indistinguishable')]).toBe(String(d.indistinguishable));
    });
    expect(cells!.rows[4]![column('mean')]).toBeCloseTo(0.92, 12);
    expect(cells!.rows[0]!.slice(column('ok'), column('skipped') + 1)).toEqual([0, 3, 0]);
    expect(cells!.rows[2]!.slice(column('ok'), column('skipped') + 1)).toEqual([0, 0, 3]);
    expect(cells!.rows[2]![column('skipped_reason')]).toContain('must not exceed');
    expect(cells!.rows[8]!.slice(column('ok'), column('skipped') + 1)).toEqual([0, 0, 0]);
    expect(constants!.rows.map((r) => [r[0], r[constants!.columns.indexOf('best')]])).toEqual([
      [0.1, 'false'],
      [0.2, 'true'],
      [0.5, 'false'],
    ]);
    expect(constants!.rows[1]![constants!.columns.indexOf('mean')]).toBeCloseTo(0.9, 12);
  });

  it('has no y column for a one-axis sweep', () => {
    const [cells] = sweepFigureTables(oneAxis);
    expect(cells!.columns.slice(0, 3)).toEqual(['cell', 'tmin', 'ok']);
  });
});

describe('cell numbers', () => {
  it('carry three significant digits of the largest magnitude', () => {
    expect(decimalsFor([0.92, 0.5])).toBe(3);
    expect(decimalsFor([5.12, -3.4])).toBe(2);
    expect(decimalsFor([0.08])).toBe(4);
    expect(decimalsFor([1])).toBe(3);
    expect(decimalsFor([123])).toBe(0);
    expect(decimalsFor([NaN])).toBe(3);
  });
});

describe('a sweep still running', () => {
  it('shows the cells’ own means while no constant τ has finished, and cells without runs as not run yet', () => {
    const runs = gridRuns.filter((r) => !('constantTau' in r.target) && !('cell' in r.target && r.target.cell === 7));
    const svg = renderSweepFigure(doc, { definition: grid, runs, view: { metric: 'knnAccuracy', versusConstant: true } }, light);
    const texts = cellTexts(svg);
    expect(texts.get(4)).toEqual(['0.920', '±0.020']);
    expect(svg.querySelector('[data-cell="7"]')!.getAttribute('data-state')).toBe('pending');
    expect(texts.get(7)).toEqual([]);
    // Without cell 7 the region is cells 4 and 5.
    expect([...svg.querySelectorAll('[data-optimal="true"]')].map((g) => g.getAttribute('data-cell')).sort()).toEqual(['4', '5']);
  });
});
