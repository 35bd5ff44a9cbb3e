import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InputError } from './cli';

/**
 * WebGPU for tfjs in Node: Dawn, through the npm package `webgpu`, is installed as `navigator.gpu` before
 * tfjs-backend-webgpu loads (the backend registers itself only where `navigator.gpu` exists).
 */

/** What the runner reports about the adapter it trains on. */
export interface NodeAdapter {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** A CPU implementation (SwiftShader, llvmpipe): correct, and far slower than wasm. */
  readonly software: boolean;
}

/**
 * Debian's chromium package ships a software Vulkan driver (SwiftShader) and a Vulkan loader; Dawn finds an
 * adapter through them on a machine without a GPU driver. The loader is found through LD_LIBRARY_PATH, which
 * the dynamic linker reads only when a process starts: hence a new process, not a change of process.env.
 */
const CHROMIUM_DIR = '/usr/lib/chromium';
export const SOFTWARE_VULKAN_ENV = {
  LD_LIBRARY_PATH: CHROMIUM_DIR,
  VK_ICD_FILENAMES: `${CHROMIUM_DIR}/vk_swiftshader_icd.json`,
} as const;
/** Set in the process started with SOFTWARE_VULKAN_ENV, so that it never starts another. */
const RETRIED_MARK = 'DYSTRESS_WEBGPU_SOFTWARE_VULKAN';

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software/i;

/** Dawn's entry object: kept for the life of the process (collecting it would end every device). */
let dawn: GPU | undefined;

/** The adapter Dawn offers here (high-performance first), or null when there is none. */
export async function nodeGpuAdapter(): Promise<GPUAdapter | null> {
  if (!dawn) {
    const { create, globals } = await import('webgpu');
    // GPUBufferUsage, GPUMapMode, … as in a browser: tfjs-backend-webgpu refers to them as globals.
    Object.assign(globalThis, globals);
    dawn = create([]);
  }
  return dawn.requestAdapter({ powerPreference: 'high-performance' });
}

export function describeAdapter(adapter: GPUAdapter): NodeAdapter {
  const { vendor, architecture, description, device } = adapter.info;
  const fallback = (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  const text = `${vendor} ${architecture} ${description} ${device}`;
  return { vendor, architecture, description: description || device, software: fallback || SOFTWARE.test(text) };
}

/** "google swiftshader (SwiftShader driver 5.0.0, software)" */
export function adapterLabel(adapter: NodeAdapter): string {
  const what = [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  const details = [adapter.description, adapter.software ? 'software' : ''].filter(Boolean).join(', ');
  return details ? `${what} (${details})` : what;
}

/**
 * Makes Dawn's GPU tfjs's `navigator.gpu`. Returns the adapter, or null when Dawn finds none. Call before
 * tfjs-backend-webgpu is imported.
 */
export async function installNodeWebGpu(): Promise<NodeAdapter | null> {
  const adapter = await nodeGpuAdapter();
  if (!adapter || !dawn) return null;
  const navigator = (globalThis as { navigator?: object }).navigator;
  // Node 20 has no navigator; Node 21+ has one without gpu.
  if (navigator) Object.defineProperty(navigator, 'gpu', { value: dawn, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn }, configurable: true, writable: true });
  return describeAdapter(adapter);
}

export const NO_ADAPTER_MESSAGE =
  '--backend webgpu: no WebGPU adapter (Dawn found no Vulkan, Metal or D3D12 driver). On Linux without a GPU, ' +
  `install chromium (it ships SwiftShader) or start with LD_LIBRARY_PATH=${SOFTWARE_VULKAN_ENV.LD_LIBRARY_PATH} ` +
  `VK_ICD_FILENAMES=${SOFTWARE_VULKAN_ENV.VK_ICD_FILENAMES}`;

/** Whether this process could find an adapter through SwiftShader by starting again (see SOFTWARE_VULKAN_ENV). */
export function canRetryWithSoftwareVulkan(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[RETRIED_MARK] === undefined && existsSync(SOFTWARE_VULKAN_ENV.VK_ICD_FILENAMES);
}

/**
 * Runs this same command again in a child process with SwiftShader's Vulkan, its streams passed through, and
 * resolves with its exit code. The caller exits with that code and does nothing else.
 */
export function rerunWithSoftwareVulkan(): Promise<number> {
  const libraryPath = [SOFTWARE_VULKAN_ENV.LD_LIBRARY_PATH, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const env = { ...process.env, ...SOFTWARE_VULKAN_ENV, LD_LIBRARY_PATH: libraryPath, [RETRIED_MARK]: '1' };
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; the parent just waits for it.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

/**
 * Before a tool trains with --backend webgpu: null when Dawn finds an adapter here (go on); otherwise, where
 * SwiftShader is installed, the exit code of the same command re-run with it; otherwise an InputError.
 */
export async function webGpuPreflight(tool: string): Promise<number | null> {
  if (await nodeGpuAdapter()) return null;
  if (!canRetryWithSoftwareVulkan()) throw new InputError(NO_ADAPTER_MESSAGE);
  process.stderr.write(`${tool}: no WebGPU adapter here; running on SwiftShader, the software Vulkan in ${SOFTWARE_VULKAN_ENV.LD_LIBRARY_PATH} (correct, and slow)\n`);
  return rerunWithSoftwareVulkan();
}
