import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The command-line tools run as `npm run …` runs them: as the Node bundle of vite.node.config.ts, built into
 * a private directory per test file (so concurrent builds of dist-node/ cannot pull it away mid-test). The
 * directory is inside the project so the bundle's external requires (the tfjs backends) resolve.
 */
export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A config small enough that the command-line tools train it in a second (a bare config, as `--config` reads). */
export const SMALL_CONFIG = {
  seed: 4,
  batchSize: 16,
  dataset: { id: 'spheres', spheres: { dim: 5, classes: 3, instancesPerClass: 30, evalPerClass: 10 } },
  model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
  evaluation: { samples: 30, k: 5 },
};

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function buildCliBundle(label: string): { run(tool: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Run>; remove(): void } {
  const dir = join(ROOT, 'node_modules', '.cache', `${label}-${process.pid}-${Date.now()}`);
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.node.config.ts', '--logLevel', 'error', '--outDir', dir],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return {
    run: (tool, args, env) =>
      new Promise((resolve) => {
        const options = { cwd: ROOT, timeout: 300_000, ...(env ? { env: { ...process.env, ...env } } : {}) };
        execFile(process.execPath, [join(dir, `${tool}.cjs`), ...args], options, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        });
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
