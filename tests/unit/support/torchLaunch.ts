import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Python with torch for the tests that run exported scripts: Debian's /usr/bin/python3 with python3-torch
 * (what .ci/run installs). Missing torch is a failure with a message, not a skip.
 */
export const PYTHON = '/usr/bin/python3';

export function torchProblem(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot run (${r.error.message}); install python3, python3-torch and python3-numpy (apt-get)`;
  if (r.status !== 0) return `${PYTHON} cannot import torch and numpy; install python3-torch and python3-numpy (apt-get):\n${r.stderr}`;
  return null;
}

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One Python process; `env` is added to the test's environment. */
export function runPython(args: readonly string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1', ...options.env }, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ code: -1, stdout, stderr: stderr + e.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/**
 * N processes started with torchrun's environment contract (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE,
 * MASTER_ADDR, MASTER_PORT), as torchrun would start them on one node. Debian's torch 1.13 torchrun fails at
 * start-up under Python 3.11, so the tests start the processes themselves; the script cannot tell.
 */
export async function launchProcesses(nproc: number, args: readonly string[], env: Record<string, string> = {}): Promise<ProcessResult[]> {
  const port = await freePort();
  return await Promise.all(
    Array.from({ length: nproc }, (_, rank) =>
      runPython(args, {
        env: {
          ...env,
          MASTER_ADDR: '127.0.0.1',
          MASTER_PORT: String(port),
          RANK: String(rank),
          LOCAL_RANK: String(rank),
          WORLD_SIZE: String(nproc),
          LOCAL_WORLD_SIZE: String(nproc),
        },
      }),
    ),
  );
}
