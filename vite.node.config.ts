import { readdirSync } from 'node:fs';
import { defineConfig } from 'vite';

/**
 * Builds the command-line tools (src/cli/*.ts) and the sweep's worker into dist-node/*.cjs for Node.
 *
 * Why a bundle: tfjs-core registers its gradients only through an ESM-only deep import
 * (dist/register_all_gradients) whose extensionless imports Node cannot resolve, while the package's Node entry
 * is CommonJS. Bundling tfjs-core (ESM) into CommonJS output resolves both; the backends stay external so the
 * wasm backend finds its .wasm files. tfjs keeps its engine and registries on globalThis, so the backends'
 * own copy of tfjs-core shares them.
 */
const entries = {
  ...Object.fromEntries(
    readdirSync('src/cli')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f.replace(/\.ts$/, ''), `src/cli/${f}`]),
  ),
  // The sweep's worker threads, started by dist-node/sweep.cjs from beside it.
  sweepWorker: 'src/node/sweepWorker.ts',
};

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'dist-node',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: { input: entries, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
  },
  ssr: { noExternal: ['@tensorflow/tfjs-core'] },
});
