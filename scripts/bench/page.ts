/**
 * The browser half of the benchmark: one backend per page load (query: backend, steps, warmup, datasets,
 * drift), on the main thread. Writes its JSON into <pre id="result"> (or {"error": …}).
 */
import { errorTrace } from '../../src/core/errors';
import * as tf from '../../src/core/tf';
import { datasetForConfig } from '../../src/core/trainer';
import { tryBackend, type BackendName } from '../../src/worker/backends';
import { benchConfig, benchSteps, memoryDrift, peakGflops, type BenchDataset } from './measure';

const query = new URLSearchParams(location.search);
const progress = document.getElementById('progress')!;
const say = (text: string) => (progress.textContent = text);

/** Chromium's JS heap (precise with --enable-precise-memory-info; after a GC with --js-flags=--expose-gc), in MB. */
const heapMB = async (): Promise<number | undefined> => {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 2 ** 20 : undefined;
};

async function run(): Promise<object> {
  const backend = (query.get('backend') ?? 'wasm') as BackendName;
  const steps = Number(query.get('steps') ?? 20);
  const warmup = Number(query.get('warmup') ?? 5);
  const drift = Number(query.get('drift') ?? 0);
  const datasets = (query.get('datasets') ?? 'spheres,mnist').split(',') as BenchDataset[];
  say(`Starting ${backend}…`);
  const attempt = await tryBackend(backend);
  if (!attempt.ok) return { platform: 'chromium', backend, skipped: attempt.reason };
  const dataUrl = new URL(query.get('data') ?? '../../data/', location.href);
  const peak = await peakGflops();
  const rows = [];
  for (const d of datasets) {
    say(`${backend}: ${d}…`);
    const loaded = await datasetForConfig(benchConfig(d), async (file) => (await fetch(new URL(file, dataUrl))).arrayBuffer());
    if (!loaded.ok) throw new Error(loaded.error);
    const bench = await benchSteps(d, loaded.value, { warmup, steps });
    rows.push({ platform: 'chromium', backend, peakGflops: peak, selfTestMs: attempt.selfTestMs, ...bench });
    if (drift > 0 && d === 'mnist') {
      say(`${backend}: memory over ${drift} steps…`);
      rows.push({ platform: 'chromium', backend, drift: { dataset: d, ...(await memoryDrift(d, loaded.value, drift, heapMB)) } });
    }
  }
  return { backend: tf.getBackend(), rows };
}

run()
  .then((result) => {
    document.getElementById('result')!.textContent = JSON.stringify(result);
    say('Done.');
  })
  .catch((e: unknown) => {
    document.getElementById('result')!.textContent = JSON.stringify({ error: errorTrace(e) });
    say('Failed.');
  });
