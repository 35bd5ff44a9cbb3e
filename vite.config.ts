import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './vite.csp';

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
    // The lab, and the backend diagnostics page (a user tool and what the engine's browser tests drive).
    rolldownOptions: {
      input: { main: resolve(import.meta.dirname, 'index.html'), diagnostics: resolve(import.meta.dirname, 'diagnostics.html') },
    },
  },
  worker: { format: 'es' },
  // Cross-origin isolation (SharedArrayBuffer), so that tfjs-wasm runs its threaded build. The lab loads only
  // its own files, which require-corp lets through. Hosts that cannot send headers: public/coi-serviceworker.js.
  server: { host: '127.0.0.1', headers: crossOriginIsolation },
  preview: { host: '127.0.0.1', headers: crossOriginIsolation },
});
