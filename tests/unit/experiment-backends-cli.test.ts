/**
 * The runner's other backends, run as `npm run experiment` runs them: webgpu through Dawn (on this machine
 * SwiftShader, which the runner finds by itself) trains to wasm's numbers, a machine without any adapter gets
 * one clear line, and wasm's threaded build trains to the single-threaded build's numbers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from './support/cliBundle';

let bundle: ReturnType<typeof buildCliBundle>;
let dir: string;
// Small enough for SwiftShader (every new shape compiles shaders): batch 16, a 3-class sphere, 4 steps.
const small = {
  seed: 5,
  batchSize: 16,
  dataset: { id: 'spheres', spheres: { dim: 5, classes: 3, instancesPerClass: 30, evalPerClass: 10 } },
  model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
  evaluation: { samples: 30, k: 5 },
};

beforeAll(() => {
  bundle = buildCliBundle('experiment-backends-test');
  dir = mkdtempSync(join(tmpdir(), 'experiment-backends-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
});

afterAll(() => {
  bundle.remove();
  rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;
const lines = (stdout: string): Row[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
const METRICS = ['alignment', 'uniformity', 'tolerance', 'interClassUniformity'] as const;

describe('experiment CLI backends', () => {
  it('--backend webgpu (SwiftShader here) trains to the same losses and metrics as wasm', async () => {
    const args = ['--config', join(dir, 'small.json'), '--steps', '4', '--eval-every', '2', '--temperature', 'dystress:0.1,0.3'];
    const wasm = await bundle.run('experiment', [...args, '--backend', 'wasm']);
    const webgpu = await bundle.run('experiment', [...args, '--backend', 'webgpu']);
    expect(wasm.code, wasm.stderr).toBe(0);
    expect(webgpu.code, webgpu.stderr).toBe(0);
    const [w, g] = [lines(wasm.stdout), lines(webgpu.stdout)];
    expect(g.map((r) => r.step)).toEqual([0, 2, 4, undefined]);
    expect(g[3]).toMatchObject({ summary: true, backend: 'webgpu', adapter: { software: true } });
    for (const i of [1, 2]) {
      // float32 on two backends with different reduction orders: equal to a few ulps of the loss.
      expect(Math.abs((g[i]!.loss as number) - (w[i]!.loss as number))).toBeLessThan(1e-4 * (w[i]!.loss as number));
    }
    for (const i of [0, 1, 2]) for (const m of METRICS) expect(g[i]![m] as number).toBeCloseTo(w[i]![m] as number, 3);
  }, 150_000);

  it('--backend webgpu without any adapter exits 2 with one line that says how to get one', async () => {
    // The mark of the SwiftShader re-run, without its environment: Dawn finds no Vulkan and may not retry.
    const run = await bundle.run('experiment', ['--config', join(dir, 'small.json'), '--steps', '1', '--backend', 'webgpu'], {
      DYSTRESS_WEBGPU_SOFTWARE_VULKAN: '1',
      LD_LIBRARY_PATH: '',
      VK_ICD_FILENAMES: '',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^experiment: --backend webgpu: no WebGPU adapter .*VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json$/m);
  }, 60_000);

  it('--threads 2 starts the threaded wasm build with 2 threads and trains to the same numbers as 1 thread', async () => {
    const args = ['--config', join(dir, 'small.json'), '--steps', '6', '--eval-every', '3'];
    const [one, two] = await Promise.all([bundle.run('experiment', args), bundle.run('experiment', [...args, '--threads', '2'])]);
    expect(two.code, two.stderr).toBe(0);
    const [a, b] = [lines(one.stdout), lines(two.stdout)];
    expect(a[3]).toMatchObject({ backend: 'wasm', threads: 1 });
    expect(b[3]).toMatchObject({ backend: 'wasm', threads: 2 });
    for (const i of [1, 2]) expect(b[i]!.loss).toBe(a[i]!.loss);
  }, 60_000);

  it('refuses --threads with another backend, and an unknown backend, in one line', async () => {
    const threads = await bundle.run('experiment', ['--backend', 'cpu', '--threads', '2']);
    expect(threads.code).toBe(2);
    expect(threads.stderr).toBe('experiment: --threads applies to the wasm backend only (got --backend cpu)\n');
    const unknown = await bundle.run('experiment', ['--backend', 'cuda']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('experiment: --backend must be wasm, cpu or webgpu (got “cuda”)\n');
  });
});
