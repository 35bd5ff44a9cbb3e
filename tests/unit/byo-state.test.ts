import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { projectEmbedding, renderEmbeddingFigure } from '../../src/figures/embeddingFigure';
import { lightTheme } from '../../src/figures/theme';
import { assignDroppedFiles, byoReducer, initialByoState, loadedTitle, type ByoState } from '../../src/state/byo';
import type { AnalysisEvent, LoadedSummary } from '../../src/worker/analysisProtocol';

const summary: LoadedSummary = { names: { view1: 'dir/a.npy', view2: 'b.npy', labels: 'labels.csv' }, n: 10_000, dim: 512, views: 2, classes: 10, parseMs: 5 };
const loaded = (state: ByoState, id = 1): ByoState => byoReducer(state, { type: 'loaded', id, summary, startedAt: 100, at: 300 });
const report = { n: 10_000, dim: 512, uniformity: -3, loss: 7 };

describe('the loaded-embeddings state', () => {
  it('switches the figures to loaded data, and back to the run', () => {
    const state = loaded(byoReducer(initialByoState, { type: 'loadStarted' }));
    expect(state.source).toBe('loaded');
    expect(state.loaded?.timings.parseMs).toBe(200);
    expect(byoReducer(state, { type: 'setSource', source: 'run' }).source).toBe('run');
    expect(byoReducer(initialByoState, { type: 'setSource', source: 'loaded' }).source).toBe('run');
    expect(loadedTitle(summary)).toBe('a.npy, b.npy, labels.csv (10,000 × 512)');
  });

  it('keeps loaded data and the source when a load fails, and ignores a replaced load’s events', () => {
    const state = byoReducer(byoReducer(loaded(initialByoState), { type: 'loadStarted' }), { type: 'loadFailed', error: 'view1 (x.npy): the file is empty' });
    expect(state.error).toBe('view1 (x.npy): the file is empty');
    expect(state.loaded?.id).toBe(1);
    expect(state.source).toBe('loaded');
    const stale = byoReducer(state, { type: 'event', id: 0, event: { type: 'metrics', report, temperature: 'constant:0.2', backend: 'wasm', ms: 1 }, at: 400 });
    expect(stale).toBe(state);
  });

  it('keeps a newer pending loss when the first metrics arrive for the old temperature', () => {
    let state = loaded(initialByoState);
    const event = (e: AnalysisEvent) =>
      (state = byoReducer(state, { type: 'event', id: 1, event: e, at: 1_100 }));
    event({ type: 'pending', what: 'metrics', temperature: 'dystress:0.1,0.2' });
    event({ type: 'pending', what: 'loss', temperature: 'dystress:0.1,0.3' });
    event({ type: 'metrics', report, temperature: 'dystress:0.1,0.2', backend: 'wasm', ms: 1 });
    expect(state.loaded).toMatchObject({ loss: 7, lossTemperature: 'dystress:0.1,0.2', lossPending: 'dystress:0.1,0.3', metricsPending: false });
    expect(state.loaded?.timings.metricsMs).toBe(1_000);
    event({ type: 'loss', loss: 6.5, temperature: 'dystress:0.1,0.3', ms: 40 });
    expect(state.loaded).toMatchObject({ loss: 6.5, lossTemperature: 'dystress:0.1,0.3', lossPending: undefined });
    expect(state.loaded?.timings.lossMs).toBe(40);
  });
});

describe('dropped files', () => {
  const file = (name: string) => ({ name });
  it('go to their roles: labels by name, views in name order', () => {
    expect(assignDroppedFiles([file('z2.npy'), file('train_labels.npy'), file('z1.npy')])).toEqual({ view1: file('z1.npy'), view2: file('z2.npy'), labels: file('train_labels.npy') });
    expect(assignDroppedFiles([file('emb.csv')])).toEqual({ view1: file('emb.csv') });
  });
  it('are refused when the roles cannot be told', () => {
    expect(assignDroppedFiles([file('a.npy'), file('b.npy'), file('c.npy')])).toMatch(/^3 embedding files/);
    expect(assignDroppedFiles([file('labels.npy')])).toMatch(/^no embeddings file/);
    expect(assignDroppedFiles([file('a.npy'), file('labels1.npy'), file('labels2.npy')])).toMatch(/^2 files look like labels/);
  });
});

describe('the embedding figure with precomputed coordinates', () => {
  const doc = new JSDOM('<!doctype html><body></body>').window.document;
  const coordinates = Float32Array.from([10, 20, 14, 20, 12, 26]);
  const labels = Int32Array.from([0, 1, -1]);

  it('centres a UMAP layout on its bounding box and names it', () => {
    const projection = projectEmbedding({ dim: 512, points: [], labels, projection: { kind: 'umap', coordinates } });
    expect(projection.mode).toBe('umap');
    expect(Array.from(projection.x)).toEqual([-2, 2, 0]);
    expect(Array.from(projection.y)).toEqual([-3, -3, 3]);
    const svg = renderEmbeddingFigure(doc, { dim: 512, points: [], labels, projection: { kind: 'umap', coordinates, neighbors: 15 }, sampleOf: 10_000 }, { width: 480, height: 420, theme: lightTheme });
    expect(svg.getAttribute('aria-label')).toBe('Embedding (UMAP)');
    expect(svg.getAttribute('data-mode')).toBe('umap');
    // Points are one path per class; data-count says how many each holds.
    const counts = [...svg.querySelectorAll('[data-role="points"] path')].map((p) => Number(p.getAttribute('data-count')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(svg.querySelector('desc')?.textContent).toContain('UMAP of the 512-D embedding (15 neighbours)');
    expect(svg.querySelector('desc')?.textContent).toContain('a random 3 of 10,000 points');
  });

  it('draws a precomputed PCA as given, with its explained variance', () => {
    const projection = projectEmbedding({ dim: 64, points: [], labels, projection: { kind: 'pca', coordinates, explained: [0.5, 0.25] } });
    expect(projection.mode).toBe('pca');
    expect(Array.from(projection.x)).toEqual([10, 14, 12]);
    expect(projection.explained).toEqual([0.5, 0.25]);
  });
});
