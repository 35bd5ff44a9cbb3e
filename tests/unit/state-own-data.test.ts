import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import type { OwnDataSummary } from '../../src/io/ownData';
import { assignOwnDataFiles, describeOwnData, initialOwnData, ownDataReducer, tooLargeToRead } from '../../src/state/ownData';
import { draftProblem } from '../../src/state/settings';
import { parseLink, linkQuery } from '../../src/state/url';

const summary: OwnDataSummary = { id: 'vectors', name: 'f.npy + labels.csv', n: 200, inputShape: [16], classes: 4, notes: [] };

describe('your data in the page state', () => {
  it('keeps the loaded data when a later file is refused', () => {
    const loaded = ownDataReducer(ownDataReducer(initialOwnData, { type: 'loading' }), { type: 'loaded', summary });
    const refused = ownDataReducer(ownDataReducer(loaded, { type: 'loading' }), { type: 'refused', error: 'bad.zip: not a readable zip archive' });
    expect(refused).toEqual({ summary, loading: false, error: 'bad.zip: not a readable zip archive' });
  });

  it('tells dropped data from its labels by the name', () => {
    const f = (name: string) => ({ name });
    expect(assignOwnDataFiles([f('my_labels.csv'), f('feats.npy')])).toEqual({ data: f('feats.npy'), labels: f('my_labels.csv') });
    expect(assignOwnDataFiles([f('pets.zip')])).toEqual({ data: f('pets.zip') });
    expect(assignOwnDataFiles([f('a.npy'), f('b.npy')])).toMatch(/2 data files \(a\.npy, b\.npy\)/);
    expect(assignOwnDataFiles([f('labels.csv')])).toMatch(/labels\.csv looks like labels; drop the vectors/);
  });

  it('refuses a file too large to read before reading it', () => {
    expect(tooLargeToRead({ name: 'big.zip', size: 300 * 1024 * 1024 })).toBe('big.zip: 300.0 MB, more than the 256.0 MB a file may have here; take a subset');
    expect(tooLargeToRead({ name: 'ok.zip', size: 1000 })).toBeNull();
  });

  it('describes the data', () => {
    expect(describeOwnData(summary)).toBe('200 vectors of dimension 16, 4 classes');
    expect(describeOwnData({ ...summary, id: 'images', inputShape: [32, 32, 3], classes: 0 })).toBe('200 images, 32 × 32 RGB, no labels');
  });

  it('asks for the files before a run on your data can start, and checks the batch against them', () => {
    const config = defaultConfig();
    const settings = { config: { ...config, dataset: { ...config.dataset, id: 'vectors' as const } }, backend: 'auto' as const };
    expect(draftProblem(settings)).toMatch(/Load your data first/);
    expect(draftProblem(settings, { ...summary, n: 100 })).toMatch(/A batch of 128 is more than the 80 training samples/);
    expect(draftProblem({ ...settings, config: { ...settings.config, batchSize: 64 } }, summary)).toBeNull();
    expect(draftProblem({ ...settings, config: { ...settings.config, batchSize: 64, model: { ...config.model, encoder: 'cnn' } } }, summary)).toMatch(/CNN encoder needs an image dataset/);
  });
});

describe('links to a run on your data', () => {
  it('say the data must be loaded again, and start on the default data', () => {
    const config = defaultConfig();
    const link = linkQuery({ settings: { config: { ...config, seed: 9, dataset: { ...config.dataset, id: 'vectors' } }, backend: 'auto' }, flags: { embed: false, classroom: false, tour: false } });
    expect(link).toContain('dataset=vectors');
    const read = parseLink(link);
    expect(read.settings.config.dataset.id).toBe('spheres');
    expect(read.settings.config.seed).toBe(9);
    expect(read.notices.join(' ')).toMatch(/a run on your own data \(feature vectors\), which a link cannot carry.*Load the files under Run setup → Dataset → Your data/);
    expect(parseLink('?dataset=images').notices.join(' ')).toMatch(/an image zip/);
  });
});
