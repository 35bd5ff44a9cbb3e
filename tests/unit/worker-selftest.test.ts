// tfjs-core's Node build first, as in the other unit tests: it must own the global engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { asReference, compareWithReference, difference, runSelfTest, selfTestChecks } from '../../src/worker/selfTest';

beforeAll(() => {
  tf.env().set('IS_TEST', true);
});

async function outputsOn(backend: 'cpu' | 'wasm') {
  expect(await tf.setBackend(backend)).toBe(true);
  return runSelfTest();
}

describe('backend self-test', () => {
  it('passes on wasm against the cpu reference, every check compared', async () => {
    const reference = asReference(await outputsOn('cpu'));
    expect([...reference.keys()]).toEqual(selfTestChecks.map((c) => c.name));
    for (const values of reference.values()) expect(values.length).toBeGreaterThan(0);
    expect(compareWithReference(await outputsOn('wasm'), reference)).toBeNull();
  });

  it('names the check that differs, by how much, and the likely cause', async () => {
    const reference = asReference(await outputsOn('cpu'));
    const outputs = new Map(await outputsOn('cpu'));
    const addN = selfTestChecks.find((c) => c.name.startsWith('addN'))!;
    const expected = reference.get(addN.name)!;
    const wrong = Float32Array.from(expected, (v, i) => (i === 1 ? v + 3.2 : v));
    outputs.set(addN.name, wrong);
    const relative = (3.2 / Math.max(1, ...expected.map(Math.abs))).toPrecision(2);
    expect(compareWithReference(outputs, reference)).toBe(
      `addN of 9 tensors differs from cpu by 3.2 (${relative} relative; tfjs WebGPU storage-buffer limit)`,
    );
  });

  it('fails on non-finite values, wrong lengths and kernels that throw', async () => {
    const reference = asReference(await outputsOn('cpu'));
    const name = selfTestChecks[0]!.name;
    const withValue = (value: Float32Array | Error) => new Map([...reference, [name, value]]);
    const nan = reference.get(name)!.slice();
    nan[2] = NaN;
    expect(compareWithReference(withValue(nan), reference)).toBe(`${name} differs from cpu by a non-finite value`);
    expect(compareWithReference(withValue(new Float32Array(3)), reference)).toMatch(/returned 3 values, cpu \d+/);
    expect(compareWithReference(withValue(new Error('kernel not registered')), reference)).toBe(`${name} failed: kernel not registered`);
  });

  it('accepts float32 rounding but not a 1e-3 error, relative to the largest value', () => {
    const expected = Float32Array.from([100, -50, 0.001]);
    expect(difference(Float32Array.from([100.005, -50, 0.001]), expected).relative).toBeCloseTo(5e-5, 6);
    expect(difference(Float32Array.from([100, -50, 0.2]), expected).relative).toBeGreaterThan(1e-3);
    // Near zero the error is absolute: 2e-6 where the reference says 1e-6 is agreement.
    expect(difference(Float32Array.from([2e-6]), Float32Array.from([1e-6])).relative).toBeLessThan(1e-5);
  });
});
