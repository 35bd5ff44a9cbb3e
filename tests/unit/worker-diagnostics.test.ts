import { describe, expect, it } from 'vitest';
import { defaultDiagnosticsParams, parseDiagnosticsParams } from '../../src/diagnostics/params';
import { compareRuns, type TrainingRun } from '../../src/diagnostics/trainingRun';
import { backendChain } from '../../src/worker/backends';

describe('backend chain', () => {
  it('tries everything from WebGPU down for auto, and the rest of the chain after a requested backend', () => {
    expect(backendChain('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendChain('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendChain('cpu')).toEqual(['cpu']);
  });
});

describe('diagnostics query', () => {
  const parse = (query: string) => parseDiagnosticsParams(new URLSearchParams(query));

  it('has defaults for everything', () => {
    expect(parse('')).toEqual({ ok: true, value: defaultDiagnosticsParams });
  });

  it('reads every option', () => {
    expect(parse('?backend=all&steps=2&batch=32&timing=0&worker=1&addNFix=0')).toEqual({
      ok: true,
      value: { backend: 'all', steps: 2, batch: 32, timingSteps: 0, worker: true, webgpuAddNWorkaround: false },
    });
  });

  it('says which option is wrong', () => {
    expect(parse('?backend=tpu')).toEqual({ ok: false, error: 'backend must be auto, all, webgpu, webgl, wasm or cpu (got “tpu”)' });
    expect(parse('?steps=1.5')).toEqual({ ok: false, error: 'steps must be a whole number from 1 to 100 (got “1.5”)' });
    expect(parse('?batch=2')).toEqual({ ok: false, error: 'batch must be a whole number from 4 to 1024 (got “2”)' });
    expect(parse('?worker=yes')).toEqual({ ok: false, error: 'worker must be 0 or 1 (got “yes”)' });
  });
});

describe('step comparison', () => {
  const run = (backend: TrainingRun['backend'], loss: number, embedding: number[], similarity = [1, 0.5]): TrainingRun => ({
    backend,
    steps: 1,
    loss,
    firstStepsMs: 1,
    embedding: Float32Array.from(embedding),
    similarity: Float32Array.from(similarity),
  });

  it('agrees within 1e-3: relative for the loss, absolute for unit-norm embeddings and cosines', () => {
    const c = compareRuns(run('webgpu', 4.0001, [0.6, 0.8]), run('cpu', 4, [0.6, 0.8000004]));
    expect(c.lossRelativeDifference).toBeCloseTo(2.5e-5, 8);
    expect(c.maxEmbeddingDifference).toBeCloseTo(4e-7, 7); // float32 rounding of 0.8000004
    expect(c.withinTolerance).toBe(true);
  });

  it('disagrees when any of them is off, not finite, or of another length', () => {
    expect(compareRuns(run('webgl', 4.1, [0.6, 0.8]), run('cpu', 4, [0.6, 0.8])).withinTolerance).toBe(false);
    expect(compareRuns(run('webgl', 4, [0.6, 0.81]), run('cpu', 4, [0.6, 0.8])).withinTolerance).toBe(false);
    const nan = compareRuns(run('wasm', NaN, [0.6, 0.8]), run('cpu', 4, [0.6, 0.8]));
    expect(nan.withinTolerance).toBe(false);
    const short = compareRuns(run('wasm', 4, [0.6]), run('cpu', 4, [0.6, 0.8]));
    expect(short.maxEmbeddingDifference).toBe(Infinity);
    expect(short.withinTolerance).toBe(false);
  });
});
