import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The WebGPU bench (scripts/bench/gpu.ts) as one CommonJS file for Node, like the runner (vite.node.config.ts):
 * tfjs-core bundled for its gradients, the backends and `webgpu` (Dawn) external.
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: resolve(root, 'node_modules/.cache/bench/gpu'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { input: { 'bench-gpu': resolve(import.meta.dirname, 'gpu.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false } },
  },
  ssr: { noExternal: ['@tensorflow/tfjs-core'] },
});
