import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The WebGPU bench (scripts/bench/gpu.ts) as one CommonJS file for Node, like the runner (vite.node.config.ts):
 * tfjs-core bundled for its gradients, and every other library too so that the pack for a GPU machine
 * (gpu-pack.sh) needs only the backends' Node builds and `webgpu` (Dawn) beside it.
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: resolve(root, '.bench/gpu'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { input: { 'bench-gpu': resolve(import.meta.dirname, 'gpu.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false } },
  },
  ssr: {
    noExternal: true,
    external: ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'webgpu'],
  },
});
