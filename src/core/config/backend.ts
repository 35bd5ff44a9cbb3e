/** Where a run computes: a tfjs backend, or `auto` (the first that works, fastest first). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

/** Fastest first where it works: WebGPU, then WebGL, then WASM (SIMD), then plain JS. */
export const backendOrder: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendChoice(value: unknown): value is BackendChoice {
  return value === 'auto' || backendOrder.includes(value as BackendName);
}
