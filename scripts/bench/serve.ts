import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../../tests/browser/chromium';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `vite preview` of a built directory on a free port, with this checkout's server config (its headers); the
 * PID held is the server's own.
 */
export async function serve(outDir: string, page: string): Promise<{ url: string; stop: () => void }> {
  const port = 41000 + Math.floor(Math.random() * 2000);
  const server: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--strictPort', '--port', String(port), '--outDir', outDir],
    { cwd: ROOT, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview of ${outDir} exited (${server.exitCode})`);
    if (await fetch(url + page).then((r) => r.ok, () => false)) return { url, stop: () => server.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill('SIGTERM');
  throw new Error(`vite preview of ${outDir} did not answer`);
}

/** Headless Chromium as the benches run it: WebGPU on, precise memory figures, a GC to call. */
export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
}
