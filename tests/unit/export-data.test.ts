import { describe, expect, it } from 'vitest';
import { defaultConfig, type HistoryPoint } from '../../src/core/config';
import {
  distanceTable,
  embeddingTable,
  figureDataJson,
  gradientTable,
  historyTable,
  pairHistogramTable,
  tableColumns,
  temperatureCurveTable,
  toCsv,
  uniformityToleranceTable,
} from '../../src/export/figureData';
import { exportBaseName, exportMetadata, slug, temperatureSlug } from '../../src/export/metadata';
import { latin1Text, pngTextEntries } from '../../src/export/figureExport';

describe('CSV', () => {
  it('quotes what needs quoting, writes full precision and leaves missing or non-finite values empty', () => {
    const csv = toCsv({
      name: 't',
      columns: ['label', 'value', 'other'],
      rows: [
        ['DySTreSS (cosine): τ min 0.1, τ max 0.2', 0.1 + 0.2, null],
        ['say "hi"', NaN, undefined],
        ['line\nbreak', -Infinity, 3],
      ],
    });
    expect(csv).toBe(
      'label,value,other\r\n' +
        '"DySTreSS (cosine): τ min 0.1, τ max 0.2",0.30000000000000004,\r\n' +
        '"say ""hi""",,\r\n' +
        '"line\nbreak",,3\r\n',
    );
  });

  it('columns for JSON: one array per column, non-finite numbers as null', () => {
    expect(tableColumns({ name: 't', columns: ['a', 'b'], rows: [[1, NaN], ['x', undefined], [2, 3]] })).toEqual({
      a: [1, 'x', 2],
      b: [null, null, 3],
    });
    const json = figureDataJson({ tables: [{ name: 'curve', columns: ['s'], rows: [[0.5]] }], extra: { seed: 3 } }, { figure: 'f' });
    expect(json).toEqual({ metadata: { figure: 'f' }, seed: 3, tables: { curve: { s: [0.5] } } });
  });
});

describe('figure data', () => {
  it('temperature curves in long form, live curve first, then the pins', () => {
    const current = { label: 'now', curve: { s: [-1, 0, 1], tau: [0.2, 0.1, 0.2], logit: [-5, 0, 5] } };
    const pin = { label: 'pinned', curve: { s: [-1, 1], tau: [0.5, 0.5], logit: [-2, 2] } };
    const t = temperatureCurveTable(current, [pin]);
    expect(t.columns).toEqual(['curve', 'label', 's', 'tau', 'logit']);
    expect(t.rows).toEqual([
      ['current', 'now', -1, 0.2, -5],
      ['current', 'now', 0, 0.1, 0],
      ['current', 'now', 1, 0.2, 5],
      ['pin1', 'pinned', -1, 0.5, -2],
      ['pin1', 'pinned', 1, 0.5, 2],
    ]);
  });

  it('pair histograms: counts per bin by hand, s = 1 in the last bin, NaN skipped, shares per type, τ at the centres', () => {
    const pairs = {
      truePositive: Float32Array.from([0.99, 1, 0.6]),
      falseNegative: Float32Array.from([0.25, NaN]),
      trueNegative: Float32Array.from([-1, -0.95, -0.5, 0]),
    };
    const t = pairHistogramTable(pairs, 4, (s) => 0.1 + s * s);
    expect(t.columns).toEqual([
      's_low', 's_high', 's_mid',
      'count_true_positive', 'count_false_negative', 'count_true_negative',
      'share_true_positive', 'share_false_negative', 'share_true_negative',
      'tau_at_mid',
    ]);
    expect(t.rows).toEqual([
      [-1, -0.5, -0.75, 0, 0, 2, 0, 0, 0.5, 0.1 + 0.5625],
      [-0.5, 0, -0.25, 0, 0, 1, 0, 0, 0.25, 0.1 + 0.0625],
      [0, 0.5, 0.25, 0, 1, 1, 0, 1, 0.25, 0.1 + 0.0625],
      [0.5, 1, 0.75, 3, 0, 0, 1, 0, 0, 0.1 + 0.5625],
    ]);
    const empty = pairHistogramTable({ truePositive: new Float32Array(0), falseNegative: new Float32Array(0), trueNegative: new Float32Array(0) }, 2);
    expect(empty.rows[0]).toEqual([-1, 0, -0.5, 0, 0, 0, null, null, null]);
  });

  it('W1 distances, history, uniformity–tolerance and gradient tables carry the values as given', () => {
    expect(distanceTable([{ step: 10, distances: { tpFn: 0.1, fnTn: 0.2, tpTn: 0.3 } }]).rows).toEqual([[10, 0.1, 0.2, 0.3]]);
    const points: HistoryPoint[] = [
      { step: 0, loss: 5.1, stepMs: 12, alignment: 1.2, uniformity: -1.1, tolerance: 0.8, knnAccuracy: 0.5, tauPositiveMean: 0.19, tauNegativeMean: 0.12 },
      { step: 50, loss: null, stepMs: null, alignment: 1, uniformity: -1.5 },
    ];
    const h = historyTable(points);
    expect(h.columns[0]).toBe('step');
    expect(h.rows[0]).toEqual([0, 5.1, 0.5, 1.2, -1.1, 0.8, null, 0.19, 0.12, 12]);
    expect(h.rows[1]).toEqual([50, null, null, 1, -1.5, null, null, null, null, null]);
    expect(uniformityToleranceTable(points).rows).toEqual([
      [0, -1.1, 0.8],
      [50, -1.5, null],
    ]);
    const g = gradientTable({ s: Float64Array.from([0.1, 0.2]), weight: Float64Array.from([3, 4]), relativePenalty: Float64Array.from([0.5, 0.25]) });
    expect(g.rows).toEqual([
      [0.1, 3, 0.5],
      [0.2, 4, 0.25],
    ]);
  });

  it('embedding coordinates with their labels and class names', () => {
    const t = embeddingTable({ dim: 3, points: Float32Array.from([1, 0, 0, 0, 0.5, -0.5]), labels: Int32Array.from([2, 0]) }, ['zero', 'one', 'two']);
    expect(t.columns).toEqual(['index', 'label', 'class', 'z1', 'z2', 'z3']);
    expect(t.rows).toEqual([
      [0, 2, 'two', 1, 0, 0],
      [1, 0, 'zero', 0, 0.5, -0.5],
    ]);
    expect(embeddingTable({ dim: 1, points: [0.3], labels: [4] }).rows).toEqual([[0, 4, '4', 0.3]]);
    const projected = embeddingTable({ dim: 1, points: [0.3], labels: [4] }, undefined, { x: [0.1], y: [-0.2] });
    expect(projected.columns).toEqual(['index', 'label', 'class', 'z1', 'plot_x', 'plot_y']);
    expect(projected.rows).toEqual([[0, 4, '4', 0.3, 0.1, -0.2]]);
  });
});

describe('metadata and names', () => {
  const config = { ...defaultConfig(), seed: 42, temperature: { family: 'dystress', params: { tmin: 0.07, tmax: 0.3 } } };
  const source = { config, step: 1200 };

  it('file names carry figure, temperature, dataset, seed and step', () => {
    expect(exportBaseName(source, 'temperature')).toBe('dystress-lab_temperature_dystress-0.07-0.3_spheres_seed42_step1200');
    expect(slug('  a/b: c×d  ')).toBe('a-b-c-d');
    expect(slug('x'.repeat(60))).toHaveLength(48);
  });

  it('a custom formula is named by a CRC of its text (formulas do not fit file names)', () => {
    const a = temperatureSlug({ ...config, temperature: { family: 'custom', params: {}, formula: '0.1 + 0.05*(1 - cos(pi*s))' } });
    const b = temperatureSlug({ ...config, temperature: { family: 'custom', params: {}, formula: '0.1 + 0.06*(1 - cos(pi*s))' } });
    expect(a).toMatch(/^custom-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it('the record holds config, seed, step, version and figure; PNG text is Latin-1 and parses back', () => {
    const meta = exportMetadata(source, { id: 'logit', title: 'Effective logit s/τ(s)' }, new Date('2026-11-28T06:00:00Z'));
    expect(meta).toMatchObject({ app: 'DySTreSS Lab', version: '0.1.0', figure: { id: 'logit' }, step: 1200, seed: 42, temperature: 'dystress:0.07,0.3' });
    expect(meta.config).toBe(config);
    expect(meta.exportedAt).toBe('2026-11-28T06:00:00.000Z');
    const entries = pngTextEntries(meta);
    expect(entries.map((e) => e.keyword)).toEqual(['Title', 'Software', 'dystress-lab']);
    expect(entries[0]!.text).toBe('Effective logit s/tau(s)');
    expect(JSON.parse(entries[2]!.text)).toEqual(JSON.parse(JSON.stringify(meta)));
    expect(latin1Text('τ − ½ ∪')).toBe('tau - ½ ?');
  });
});
