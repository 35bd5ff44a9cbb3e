import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The Node half of the benchmark, bundled for the reasons given in vite.node.config.ts (tfjs gradients), into
 * .bench/node (or BENCH_OUT, to keep a second build for a before/after comparison).
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: resolve(root, process.env.BENCH_OUT ?? '.bench/node'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { input: { 'bench-node': resolve(import.meta.dirname, 'node.ts'), 'bench-profile': resolve(import.meta.dirname, 'profile.ts'), 'bench-soak': resolve(import.meta.dirname, 'soak.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
  },
  ssr: { noExternal: ['@tensorflow/tfjs-core'] },
});
