import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The benchmark page, built apart from the app (so dist/ stays what users get) into
 * .bench/page (the worktree's own: node_modules may be shared between checkouts), with public/ (the prepared datasets) beside it.
 */
const root = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: resolve(root, '.bench/page'),
    emptyOutDir: true,
    rolldownOptions: { input: { bench: resolve(import.meta.dirname, 'bench.html') } },
  },
  worker: { format: 'es' },
});
