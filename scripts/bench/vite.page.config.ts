import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The benchmark page, built apart from the app (so dist/ stays what users get) into
 * node_modules/.cache/bench/page, with public/ (the prepared datasets) beside it.
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: resolve(root, 'node_modules/.cache/bench/page'),
    emptyOutDir: true,
    rolldownOptions: { input: { bench: resolve(import.meta.dirname, 'bench.html') } },
  },
  worker: { format: 'es' },
});
