import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './vite.csp';

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
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
