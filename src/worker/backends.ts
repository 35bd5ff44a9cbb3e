import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import threadedScriptUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import { backendOrder, type BackendChoice, type BackendName } from '../core/config/backend';
import { errorMessage } from '../core/errors';
import * as tf from '../core/tf';
import { asReference, compareWithReference, runSelfTest, type SelfTestOutputs } from './selfTest';
import { limitWebGpuAddNInputs } from './webgpuAddN';

export { backendOrder, isBackendChoice, type BackendChoice, type BackendName } from '../core/config/backend';

export interface BackendAttempt {
  readonly name: BackendName;
  readonly ok: boolean;
  /** Why the backend was skipped, in words a user can act on. */
  readonly reason?: string;
  /** Wall time of the self-test (first use: includes shader compilation on GPU backends). */
  readonly selfTestMs?: number;
}

export interface BackendReport {
  readonly requested: BackendChoice;
  readonly actual: BackendName;
  readonly attempts: readonly BackendAttempt[];
  /** When wasm computes: its threads, and whether the page is cross-origin isolated (threads need it). */
  readonly wasm?: WasmThreading;
  /** For `auto`: the training steps timed on each backend, and the fastest (measureBackends.ts). */
  readonly measurement?: BackendMeasurement;
}

export interface BackendTiming {
  readonly name: BackendName;
  /** The backend with its device where that matters: "webgpu (google swiftshader)". */
  readonly label: string;
  /** A GPU backend on a software renderer. */
  readonly software: boolean;
  readonly msPerStep?: number;
  /** Why it was not timed. */
  readonly skipped?: string;
}

export interface BackendMeasurement {
  readonly timings: readonly BackendTiming[];
  readonly chosen: BackendName;
  /** Read back from an earlier measurement on this device and configuration. */
  readonly remembered: boolean;
}

export interface WasmThreading {
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
}

export interface BackendOptions {
  /** Replace tfjs WebGPU's addN by one within the storage-buffer limit (default true; off shows the bug). */
  readonly webgpuAddNWorkaround?: boolean;
  /** Skip GPU backends that run on a software renderer (what 'auto' does). */
  readonly skipSoftwareGpu?: boolean;
  /**
   * wasm's threads where the page is cross-origin isolated (default: defaultWasmThreads()); 1 runs the
   * single-threaded build and starts no thread pool (the sweep's workers, which are a pool themselves).
   */
  readonly wasmThreads?: number;
}

/**
 * One core for the page, the rest (at most 4, where XNNPACK's products stop gaining) for training. tfjs's own
 * choice is half the cores, which leaves a 2-core machine one thread and a 4-core one two.
 */
export function defaultWasmThreads(cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** The backends to try, in order: the requested one, then the rest of the chain after it. */
export function backendChain(requested: BackendChoice): readonly BackendName[] {
  return requested === 'auto' ? backendOrder : backendOrder.slice(backendOrder.indexOf(requested));
}

/**
 * Activates the first backend of the chain that initialises and passes the self-test against cpu, and says
 * what happened to each one tried. The chosen backend stays active. cpu ends every chain and is its own
 * reference, so this fails only if tfjs cannot run at all.
 */
export async function selectBackend(requested: BackendChoice, options: BackendOptions = {}): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  // A software GPU (SwiftShader, llvmpipe) computes correctly but slower than wasm: 'auto' passes it over.
  const chainOptions = { skipSoftwareGpu: requested === 'auto', ...options };
  for (const name of backendChain(requested)) {
    const attempt = await tryBackend(name, chainOptions);
    attempts.push(attempt);
    if (attempt.ok) return { requested, actual: name, attempts, ...(name === 'wasm' ? { wasm: await wasmThreading() } : {}) };
  }
  throw new Error(`no tfjs backend works here: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`);
}

/** Loads, initialises and self-tests one backend; it stays active when the attempt succeeds. */
export async function tryBackend(name: BackendName, options: BackendOptions = {}): Promise<BackendAttempt> {
  const reference = await cpuReference();
  const skip = (reason: string): BackendAttempt => ({ name, ok: false, reason });
  try {
    await loadBackend(name, options);
  } catch (e) {
    return skip(`could not load the backend: ${errorMessage(e)}`);
  }
  const unavailable = (await whyUnavailable(name)) ?? (options.skipSoftwareGpu ? await softwareRenderer(name) : null);
  if (unavailable) return skip(unavailable);
  initErrors.delete(name);
  if (!(await tf.setBackend(name))) {
    const detail = initErrors.get(name);
    return skip(`initialisation failed${detail ? `: ${detail}` : ' (tf.setBackend returned false)'}`);
  }
  const started = performance.now();
  const outputs = await runSelfTest();
  const selfTestMs = Math.round(performance.now() - started);
  const disagreement = compareWithReference(outputs, reference);
  return disagreement ? { name, ok: false, reason: `self-test failed: ${disagreement}`, selfTestMs } : { name, ok: true, selfTestMs };
}

let reference: Promise<SelfTestOutputs> | undefined;

/** The self-test's outputs on cpu, computed once. Leaves cpu active. */
function cpuReference(): Promise<SelfTestOutputs> {
  reference ??= (async () => {
    await loadBackend('cpu', {});
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
    return asReference(await runSelfTest());
  })();
  return reference;
}

/** Why a backend cannot even be tried here, checked before tfjs logs its own less helpful errors. */
async function whyUnavailable(name: BackendName): Promise<string | null> {
  if (name !== 'webgpu') return null;
  const gpu = globalThis.navigator?.gpu;
  if (!gpu || !tf.findBackendFactory('webgpu')) return 'this browser has no WebGPU (navigator.gpu is missing)';
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter ? null : 'no WebGPU adapter: navigator.gpu.requestAdapter() returned null (WebGPU is disabled or no GPU is supported)';
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software/i;

/** Why a GPU backend would run on a software renderer here, or null. */
async function softwareRenderer(name: BackendName): Promise<string | null> {
  const skipped = (what: string) => `skipped by auto: ${what} is a software renderer, correct but slower than wasm here (choose ${name} to use it anyway)`;
  if (name === 'webgpu') {
    const adapter = await globalThis.navigator?.gpu?.requestAdapter().catch(() => null);
    if (!adapter) return null;
    const info = (adapter as unknown as { info?: { architecture?: string; description?: string; isFallbackAdapter?: boolean } }).info;
    const fallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter || info?.isFallbackAdapter;
    const described = `${info?.architecture ?? ''} ${info?.description ?? ''}`;
    return fallback || SOFTWARE_RENDERER.test(described) ? skipped(`the WebGPU adapter (${described.trim() || 'fallback adapter'})`) : null;
  }
  if (name === 'webgl') {
    const gl = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return SOFTWARE_RENDERER.test(renderer) ? skipped(`the WebGL renderer (${renderer})`) : null;
  }
  return null;
}

/** The threads wasm runs on (call once it is initialised). */
export async function wasmThreading(): Promise<WasmThreading> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return { threads: wasm.getThreadsCount(), crossOriginIsolated: globalThis.crossOriginIsolated === true };
}

/**
 * tfjs's C side caps the thread pool at half of navigator.hardwareConcurrency, whatever setThreadsCount asks:
 * while the wasm backend initialises, the worker's navigator reports enough cores for the threads wanted.
 */
async function withCoresFor<T>(threads: number, run: () => Promise<T>): Promise<T> {
  const navigator = globalThis.navigator;
  if (!navigator || threads <= 1) return run();
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: Math.max(navigator.hardwareConcurrency, 2 * threads), configurable: true });
  try {
    return await run();
  } finally {
    // The own property shadowed the prototype's getter; removing it brings the real count back.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/**
 * tfjs hands its pthread workers the threaded module as a Blob of its factory's source text
 * (`factory.toString()`), which the bundler's minifier has cut off from names it refers to (every worker failed
 * with "e is not defined"), and which a worker could only load from a blob: URL, which the site's
 * Content-Security-Policy refuses (script-src has no blob:, so that no text becomes code). While the backend
 * initialises (its pool of threads starts then, all at once), the workers' "load" message carries the module's
 * own script instead, served as a file of the site.
 */
async function withThreadedScript<T>(run: () => Promise<T>): Promise<T> {
  const script = new URL(threadedScriptUrl, self.location.href).href;
  const native = Worker.prototype.postMessage;
  function postMessage(this: Worker, message: unknown, options?: StructuredSerializeOptions): void {
    const load = message as { readonly cmd?: unknown; readonly urlOrBlob?: unknown } | null;
    native.call(this, load?.cmd === 'load' && load.urlOrBlob instanceof Blob ? { ...load, urlOrBlob: script } : message, options);
  }
  Worker.prototype.postMessage = postMessage as typeof native;
  try {
    return await run();
  } finally {
    Worker.prototype.postMessage = native;
  }
}

/** The message of the error each backend's factory threw last; tfjs itself only returns false. */
const initErrors = new Map<BackendName, string>();
const prepared = new Set<BackendName>();

/** Priorities as the packages register them (only used if nothing calls setBackend, which we always do). */
const PRIORITY: Record<BackendName, number> = { webgpu: 3, webgl: 2, wasm: 2, cpu: 1 };

/**
 * Imports a backend package on first use — dynamic imports keep them out of the initial bundle — and wraps
 * its factory so that the reason for a failed initialisation can be reported.
 */
async function loadBackend(name: BackendName, options: BackendOptions): Promise<void> {
  if (prepared.has(name)) return;
  let threads = 1;
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      if (options.webgpuAddNWorkaround ?? true) limitWebGpuAddNInputs();
      break;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      break;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Vite emits the .wasm files as assets with hashed names; tell the backend where they are.
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
      });
      threads = options.wasmThreads ?? defaultWasmThreads();
      // Without isolation tfjs finds no SharedArrayBuffer and runs single-threaded by itself.
      if (threads > 1) wasm.setThreadsCount(threads);
      else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      break;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      break;
  }
  const factory = tf.findBackendFactory(name);
  if (factory) {
    tf.removeBackend(name);
    tf.registerBackend(
      name,
      async () => {
        try {
          // Threads only where the page is isolated: elsewhere tfjs loads the single-threaded build by itself.
          const threaded = name === 'wasm' && threads > 1 && globalThis.crossOriginIsolated === true;
          return threaded ? await withCoresFor(threads, () => withThreadedScript(async () => factory())) : await factory();
        } catch (e) {
          initErrors.set(name, errorMessage(e));
          throw e;
        }
      },
      PRIORITY[name],
    );
  }
  prepared.add(name);
}
