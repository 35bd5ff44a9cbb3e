// tfjs-core's Node build first, as in the other unit tests: it must own the global engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { transformEachImageOnCpu } from '../../src/worker/cpuTransform';
import {
  asReference,
  compareWithReference,
  difference,
  runSelfTest,
  selfTestChecks,
  type SelfTestCheck,
} from '../../src/worker/selfTest';

beforeAll(() => {
  tf.env().set('IS_TEST', true);
});

const transformCheck = selfTestChecks.find((c) => c.name.startsWith('image.transform'))!;

async function outputsOn(backend: 'cpu' | 'wasm', checks: readonly SelfTestCheck[] = selfTestChecks) {
  expect(await tf.setBackend(backend)).toBe(true);
  return runSelfTest(checks);
}

describe('the cpu Transform kernel', () => {
  // Runs before the fix is installed (tests in a file run in order): documents the tfjs bug it works around.
  it('is broken in tfjs 4.22: images after the first come back blank', async () => {
    const cpu = await outputsOn('cpu', [transformCheck]);
    const wasm = await outputsOn('wasm', [transformCheck]);
    const onCpu = cpu.get(transformCheck.name) as Float32Array;
    const onWasm = wasm.get(transformCheck.name) as Float32Array;
    const half = onCpu.length / 2;
    expect(onCpu.subarray(half).every((v) => v === 0)).toBe(true);
    expect(onWasm.subarray(half).some((v) => v !== 0)).toBe(true);
    expect(difference(onCpu.subarray(0, half), onWasm.subarray(0, half)).relative).toBeLessThan(1e-5);
  });

  it('transforms every image once fixed, as wasm does', async () => {
    transformEachImageOnCpu();
    const cpu = await outputsOn('cpu', [transformCheck]);
    const wasm = await outputsOn('wasm', [transformCheck]);
    const fixed = difference(cpu.get(transformCheck.name) as Float32Array, wasm.get(transformCheck.name) as Float32Array);
    expect(fixed.relative).toBeLessThan(1e-5);
  });
});

describe('backend self-test', () => {
  it('passes on wasm against the cpu reference, every check compared', async () => {
    transformEachImageOnCpu();
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
