import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromFile, defaultConfig, type HistoryPoint, type TrainingConfig } from '../../src/core/config';
import { initialRunState, runReducer } from '../../src/state/run';
import { readRunFile, recordedLabel, runFileName, runFileOf, sourceSummary, type RecordedRun } from '../../src/state/runFiles';
import { loadableStudioReducer, studioStateFor } from '../../src/ui/share/studioLoad';
import { buildCliBundle } from './support/cliBundle';

/** Run files the lab saves: they open again in the lab and replay headless in the runner. */

const point = (step: number, loss: number | null): HistoryPoint => ({
  step,
  loss,
  stepMs: 2,
  alignment: 0.4,
  uniformity: -2.5,
  tolerance: 0.6,
  interClassUniformity: -1,
  knnAccuracy: 0.9,
  tauPositiveMean: 0.18,
  tauNegativeMean: 0.11,
});
const small: TrainingConfig = (() => {
  const c = defaultConfig();
  return {
    ...c,
    seed: 4,
    batchSize: 16,
    dataset: { ...c.dataset, id: 'spheres', spheres: { ...c.dataset.spheres, dim: 5, classes: 3, instancesPerClass: 30, evalPerClass: 10 } },
    model: { ...c.model, hidden: 16, featureDim: 8, embeddingDim: 4 },
    evaluation: { ...c.evaluation, samples: 30, k: 5 },
    temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.3 } },
  };
})();
const history = [point(0, 4.1), point(10, 3.7), point(20, null)];

describe('run files', () => {
  it('carry configuration, backend and history in the runner’s format, and read back the same', () => {
    const file = runFileOf({ config: small, backend: 'wasm' }, history);
    expect(file).toMatchObject({ format: 'dystress-lab-run', version: 1, backend: 'wasm' });
    const text = JSON.stringify(file);
    const read = readRunFile(text, 'a.json');
    expect(read).toEqual({ ok: true, value: { label: 'recorded · spheres · dystress:0.1,0.3 · 20 steps', config: small, history } });
    // The runner's reader takes it too, to the same configuration.
    expect(configFromFile(JSON.parse(text))).toEqual({ ok: true, value: small });
  });

  it('are named after dataset, temperature and step', () => {
    expect(runFileName(small, history)).toBe('dystress-run_spheres_dystress-0.1-0.3_step-20.json');
    expect(runFileName({ ...small, temperature: { family: 'custom', params: {}, formula: 's*s+0.1' } }, [])).toBe('dystress-run_spheres_custom_step-0.json');
    expect(recordedLabel(small, [])).toBe('recorded · spheres · dystress:0.1,0.3 · 0 steps');
  });

  it('a run trained by an exported train.py says where it came from; files without a source read as before', () => {
    const source = { tool: 'pytorch', torch: '1.13.0', device: 'cpu', worldSize: 2, data: 'spheres', encoder: 'mlp', globalBatch: 32, finished: true, steps: 30 };
    const read = readRunFile(JSON.stringify({ ...runFileOf({ config: small, backend: 'wasm' }, history), backend: 'pytorch', source }), 'run.json');
    expect(read).toEqual({ ok: true, value: { label: 'PyTorch · spheres · dystress:0.1,0.3 · 20 steps', config: small, history, source } });
    expect(sourceSummary(source)).toBe('PyTorch 1.13.0 · 2 processes on cpu · data spheres · mlp · global batch 32');
    expect(sourceSummary({ tool: 'jax', worldSize: 1 })).toBe('jax · 1 process');
    const old = readRunFile(JSON.stringify(runFileOf({ config: small, backend: 'wasm' }, history)), 'old.json');
    expect(old.ok && old.value.source).toBeUndefined();
    const bad = readRunFile(JSON.stringify({ ...runFileOf({ config: small, backend: 'wasm' }, history), source: { tool: 3 } }), 'bad.json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/not a valid run file: source\.tool/);
  });

  it('a bare configuration opens too, without history', () => {
    const read = readRunFile(JSON.stringify({ seed: 9 }), 'config.json');
    expect(read.ok && read.value.config.seed).toBe(9);
    expect(read.ok && read.value.history).toEqual([]);
  });

  it.each([
    ['{"format": "dystress-lab-run",', /“bad.json” is not a run file: it is not JSON/],
    ['[1, 2]', /holds no JSON object/],
    ['"text"', /holds no JSON object/],
    ['{"format": "other-tool", "version": 1}', /not a DySTreSS Lab run file \(its format is “other-tool”/],
    [JSON.stringify({ format: 'dystress-lab-run', version: 2, config: {} }), /not a valid run file: version/],
    [JSON.stringify({ format: 'dystress-lab-run', version: 1, config: { batchSize: -3 } }), /not a valid run file: config\.batchSize/],
    [JSON.stringify({ format: 'dystress-lab-run', version: 1, config: {}, history: [{ step: 'x' }] }), /not a valid run file: history\.0\.step/],
    [JSON.stringify({ format: 'dystress-lab-run', version: 1, config: { temperature: { family: 'warm' } } }), /unknown temperature family/],
    [JSON.stringify({ batchSize: 'big' }), /neither a run file nor a valid configuration: batchSize/],
  ])('a malformed file says what is wrong: %s', (text, message) => {
    const read = readRunFile(text, 'bad.json');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });
});

describe('a recorded run in the lab', () => {
  const recorded: RecordedRun = { label: 'recorded', config: small, history };

  it('stays beside the live run through restarts until hidden', () => {
    let state = runReducer(initialRunState('wasm'), { type: 'showRecorded', recorded });
    state = runReducer(state, { type: 'starting', backend: 'wasm' });
    expect(state.recorded).toBe(recorded);
    state = runReducer(state, { type: 'ready', info: { backend: { requested: 'wasm', actual: 'wasm', attempts: [] }, datasetSummary: { id: 'spheres', label: '', kind: 'vector', inputShape: [5], classes: 3, classNames: [], trainSize: 90, evalSize: 30 }, config: small } });
    expect(state.recorded).toBe(recorded);
    expect(state.history.points).toEqual([]);
    expect(runReducer(state, { type: 'showRecorded', recorded: null }).recorded).toBeNull();
  });

  it('loads its temperature into the studio; an invalid one changes nothing', () => {
    const studio = studioStateFor({ family: 'constant', params: { tau: 0.5 } });
    expect(studio.familyId).toBe('constant');
    expect(studio.valid.constant!.params).toEqual({ tau: 0.5 });
    const loaded = loadableStudioReducer(studio, { type: 'load', setting: { family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } } });
    expect(loaded.familyId).toBe('dystress-shifted');
    expect(loaded.drafts['dystress-shifted']).toEqual({ family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } });
    expect(loaded.valid.constant).toBe(studio.valid.constant);
    expect(loadableStudioReducer(loaded, { type: 'load', setting: { family: 'dystress', params: { tmin: 0.3, tmax: 0.1 } } })).toBe(loaded);
    // Other actions still go to the studio's own reducer.
    expect(loadableStudioReducer(loaded, { type: 'selectFamily', familyId: 'constant' }).valid.constant!.params).toEqual({ tau: 0.5 });
  });
});

describe('a run file saved by the lab replays headless', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-run-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run experiment -- --config FILE trains its configuration', async () => {
    const bundle = buildCliBundle('lab-run-file-test');
    try {
      const path = join(dir, runFileName(small, history));
      writeFileSync(path, JSON.stringify(runFileOf({ config: small, backend: 'wasm' }, history), null, 1));
      const result = await bundle.run('experiment', ['--config', path, '--steps', '4', '--eval-every', '2']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => l.step ?? null).slice(0, 3)).toEqual([0, 2, 4]);
      expect(lines.at(-1)).toMatchObject({ summary: true, steps: 4, dataset: 'spheres', diverged: false });
      const tau = lines[2]!.tau as { positive: { min: number; max: number } };
      // The file's temperature, dystress:0.1,0.3, not the default 0.1–0.2.
      expect(tau.positive.max).toBeGreaterThan(0.2);
      expect(tau.positive.max).toBeLessThanOrEqual(Math.fround(0.3));
    } finally {
      bundle.remove();
    }
  }, 240_000);
});
