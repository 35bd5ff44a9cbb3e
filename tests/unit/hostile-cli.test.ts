/**
 * The command-line tools as `npm run …` runs them (the Node bundle), each given generated argument lists:
 * a working command with one flag spoiled by a hostile value, an unknown flag or a stray argument. Each run
 * ends with exit code 2 and one line on stderr that names the problem, or (when the value happens to be
 * usable) with 0 and its normal output; never 1 (an internal error), never a stack trace. The bad files'
 * side of it is in hostile-inputs.test.ts; a fast-check failure prints its seed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, SMALL_CONFIG } from './support/cliBundle';
import { injections } from './support/hostileLinks';

let bundle: ReturnType<typeof buildCliBundle>;
let dir: string;
const RUNS = Number(process.env.HOSTILE_CLI_RUNS ?? 8);
const small = SMALL_CONFIG;

beforeAll(() => {
  bundle = buildCliBundle('hostile-cli-test');
  dir = mkdtempSync(join(tmpdir(), 'hostile-cli-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
  writeFileSync(join(dir, 'v.csv'), Array.from({ length: 12 }, (_, i) => `${Math.cos(i)},${Math.sin(i)},${(i % 3) - 1}`).join('\n'));
  writeFileSync(join(dir, 'l.csv'), Array.from({ length: 12 }, (_, i) => String(i % 3)).join('\n'));
  writeFileSync(join(dir, 'broken.json'), '{"format": "dystress-lab-run", "version": 1, "config": {"seed": "\u202e<script>"');
}, 120_000);

afterAll(() => {
  bundle?.remove();
  rmSync(dir, { recursive: true, force: true });
});

// No NUL: a process's arguments are C strings, so no shell or spawn can hand one to the tools (Node refuses it).
const hostileValue = fc.oneof(
  fc.constantFrom(...injections, '', ' ', '%', '-1', '0', '1e309', '99999999999999999999', 'NaN', '\u0001', '\u202e9', 'a\nb', '--', '-h2', '__proto__', 'constructor'),
  fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000')),
);

interface Tool {
  readonly name: 'experiment' | 'analyze' | 'sweep';
  readonly flags: readonly string[];
  base(): string[];
}
const tools: readonly Tool[] = [
  {
    name: 'experiment',
    flags: ['--config', '--dataset', '--temperature', '--batch', '--seed', '--backend', '--out', '--steps', '--eval-every'],
    base: () => ['--config', join(dir, 'small.json')],
  },
  {
    name: 'analyze',
    flags: ['--view1', '--view2', '--labels', '--temperature', '--k', '--knn-t', '--format'],
    base: () => ['--view1', join(dir, 'v.csv'), '--labels', join(dir, 'l.csv'), '--k', '3'],
  },
  {
    name: 'sweep',
    flags: ['--config', '--temperature', '--x', '--y', '--seeds', '--batch', '--constant-taus', '--jobs', '--backend', '--steps', '--eval-every'],
    base: () => ['--config', join(dir, 'small.json'), '--x', 'tmin=0.1', '--seeds', '1', '--constant-taus', '0.2', '--jobs', '1', '--out', join(dir, 'sweep')],
  },
];

/** A working command, one thing spoiled; the run stays 2 steps long whatever the spoil (the last --steps counts). */
const spoiled = (tool: Tool) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...tool.flags), hostileValue).map(([flag, value]) => [flag, value]),
    fc.tuple(fc.constantFrom('--bogus', '-x', '---', '--__proto__', '--constructor', '--config=', '-'), hostileValue).map(([flag, value]) => [flag, value]),
    hostileValue.map((value) => [value]),
    fc.constant(['--config', join(dir, 'broken.json')]),
  ).map((spoil) => [...tool.base(), ...spoil, ...(tool.name === 'analyze' ? [] : ['--steps', '2', '--eval-every', '1'])]);

describe('the command-line tools under generated bad arguments', () => {
  for (const tool of tools) {
    it(
      `${tool.name}: exit 2 with one line naming the problem, or a normal run; never an internal error`,
      async () => {
        const outcomes = { refused: 0, ran: 0 };
        await fc.assert(
          fc.asyncProperty(spoiled(tool), async (args) => {
            const run = await bundle.run(tool.name, args);
            expect([0, 2], `${tool.name} ${JSON.stringify(args)}: ${run.stderr}`).toContain(run.code);
            if (run.code === 2) {
              outcomes.refused++;
              expect(run.stderr).toMatch(new RegExp(`^${tool.name}: [^\\n]+\\n$`));
              expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/);
              expect(run.stdout).toBe('');
            } else {
              outcomes.ran++;
              expect(run.stdout.trim().length).toBeGreaterThan(0);
            }
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
        console.log(`CLI ${tool.name} (bundle) — ${RUNS} generated argument lists tried — ${outcomes.refused} refused with exit 2 and one line, ${outcomes.ran} ran`);
      },
      600_000,
    );
  }
});
