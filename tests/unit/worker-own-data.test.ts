import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type TrainingConfig } from '../../src/core/config';
import { Trainer } from '../../src/core/trainer';
import { DatasetLoader } from '../../src/worker/datasets';
import { unwrap } from './support/fixtures';
import { clusteredVectors, labelsCsv, shapesZip, vectorsNpy } from './support/ownDataFiles';

const noFetch = () => Promise.reject(new Error('no network in this test'));
const configFor = (id: 'vectors' | 'images', own: Partial<TrainingConfig['dataset']['own']> = {}): TrainingConfig => {
  const c = defaultConfig();
  return { ...c, dataset: { ...c.dataset, id, own: { ...c.dataset.own, ...own } } };
};

const { values, labels } = clusteredVectors(100, 8, 4);

describe('the workers’ dataset loader with your own data', () => {
  const good = { data: { name: 'f.npy', bytes: vectorsNpy(values, 100, 8) }, labels: { name: 'l.csv', bytes: labelsCsv(labels) } };

  it('says the data must be loaded again where none is', async () => {
    const loaded = await new DatasetLoader(noFetch).load(configFor('vectors', { name: 'f.npy' }), 'http://x/');
    expect(loaded.ok).toBe(false);
    expect((loaded as { error: string }).error).toMatch(/your own data \(f\.npy\), which is not loaded here: load it again/);
  });

  it('keeps the data loaded before when a bad file comes', async () => {
    const loader = new DatasetLoader(noFetch);
    expect(unwrap(await loader.setOwnData(good, 'grey-28'))).toMatchObject({ id: 'vectors', n: 100, classes: 4 });
    const bad = await loader.setOwnData({ data: { name: 'bad.csv', bytes: new TextEncoder().encode('1,nan\n2,3\n').buffer } }, 'grey-28');
    expect(bad.ok).toBe(false);
    const dataset = unwrap(await loader.load(configFor('vectors'), 'http://x/'));
    expect(dataset).toMatchObject({ id: 'vectors', label: 'f.npy + l.csv', classes: 4, inputShape: [8] });
    expect(dataset.train.n + dataset.eval.n).toBe(100);
    // A run on images cannot start on vectors.
    expect((await loader.load(configFor('images'), 'http://x/')).ok).toBe(false);
  });

  it('decodes a zip again at another image format', async () => {
    const loader = new DatasetLoader(noFetch);
    unwrap(await loader.setOwnData({ data: { name: 'shapes.zip', bytes: shapesZip() } }, 'grey-28'));
    expect(unwrap(await loader.load(configFor('images'), 'http://x/')).inputShape).toEqual([28, 28, 1]);
    expect(unwrap(await loader.load(configFor('images', { imageFormat: 'rgb-32' }), 'http://x/')).inputShape).toEqual([32, 32, 3]);
  });
});

describe('training on unlabelled data', () => {
  it('computes no label-based metric and counts no negative as a false one', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const loader = new DatasetLoader(noFetch);
    unwrap(await loader.setOwnData({ data: { name: 'f.npy', bytes: vectorsNpy(values, 100, 8) } }, 'grey-28'));
    const c = configFor('vectors');
    const config: TrainingConfig = { ...c, batchSize: 16, model: { ...c.model, hidden: 16, featureDim: 8, embeddingDim: 4 }, evaluation: { ...c.evaluation, samples: 20, k: 5 } };
    const trainer = unwrap(Trainer.create(config, unwrap(await loader.load(config, 'http://x/'))));
    try {
      trainer.train(3);
      const snapshot = await trainer.snapshot();
      expect(Number.isFinite(snapshot.loss)).toBe(true);
      expect(Number.isFinite(snapshot.metrics.uniformity)).toBe(true);
      expect(snapshot.metrics).not.toHaveProperty('knnAccuracy');
      expect(snapshot.metrics).not.toHaveProperty('tolerance');
      expect(snapshot.metrics).not.toHaveProperty('interClassUniformity');
      expect(snapshot.batch.pairs.falseNegative).toHaveLength(0);
      expect(snapshot.batch.pairs.truePositive).toHaveLength(16);
    } finally {
      trainer.dispose();
    }
  });
});
