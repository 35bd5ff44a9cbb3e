/**
 * The lab's UI bench (scripts/bench/ui.ts) on several builds, alternating round after round so that every
 * build sees the same load: how a regression between two commits is told from the noise of single runs.
 * Each build is a directory `npm run build` wrote (a worktree's dist/, say), served with this checkout's
 * server config, or the URL of a server already running (to compare how a build is served). Prints the
 * median and the range of each figure per build; never part of CI.
 *
 *   npx tsx scripts/bench/ui-ab.ts --build main=dist --build old=/tmp/old/dist [--rounds 4] [--window 8000] [--keys 20]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorTrace } from '../../src/core/errors';
import { launchBenchChromium, serve } from './serve';
import { summary } from './stats';
import { benchLab, type UiBench } from './ui';

const { values } = parseArgs({
  options: {
    build: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '4' },
    window: { type: 'string', default: '8000' },
    keys: { type: 'string', default: '20' },
  },
});

const builds = values.build.map((spec) => {
  const at = spec.indexOf('=');
  if (at < 1) throw new Error(`--build NAME=DIR, not ${JSON.stringify(spec)}`);
  const where = spec.slice(at + 1);
  return { name: spec.slice(0, at), where: /^https?:/.test(where) ? where : resolve(where) };
});

const FIGURES: readonly [string, (u: UiBench) => number][] = [
  ['first figure ms', (u) => u.firstFigureMs],
  ['engine ready ms', (u) => u.engineReadyMs],
  ['slider p50 ms', (u) => u.sliderToRedrawMs.median],
  ['slider p95 ms', (u) => u.sliderToRedrawMs.p95],
  ['long-task share', (u) => u.longTasks.share],
  ['curve updates/s', (u) => u.trainingCurveUpdatesPerSecond],
  ['steps/s', (u) => u.stepsPerSecond],
];

async function main(): Promise<void> {
  if (builds.length === 0) throw new Error('name at least one --build NAME=DIR');
  const rounds = Number(values.rounds);
  const results = new Map<string, UiBench[]>(builds.map((b) => [b.name, []]));
  const browser = await launchBenchChromium();
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate which build goes first, so neither always meets the other's leftovers.
      const order = round % 2 === 0 ? builds : [...builds].reverse();
      for (const build of order) {
        const server = /^https?:/.test(build.where) ? { url: build.where, stop: () => undefined } : await serve(build.where, 'index.html');
        try {
          const ui = await benchLab(browser, server.url, { windowMs: Number(values.window), keyPresses: Number(values.keys) });
          results.get(build.name)!.push(ui);
          process.stderr.write(`round ${round + 1} ${build.name}: ${ui.stepsPerSecond.toFixed(1)} steps/s, slider p95 ${ui.sliderToRedrawMs.p95.toFixed(1)} ms, first figure ${ui.firstFigureMs.toFixed(0)} ms (load ${loadavg()[0]!.toFixed(2)})\n`);
        } finally {
          server.stop();
        }
      }
    }
  } finally {
    await browser.close();
  }
  const cell = (xs: number[]) => {
    const s = summary(xs);
    return `${s.median.toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
  };
  process.stdout.write(`| figure | ${builds.map((b) => b.name).join(' | ')} |\n|---|${builds.map(() => '---|').join('')}\n`);
  for (const [name, of] of FIGURES) process.stdout.write(`| ${name} | ${builds.map((b) => cell(results.get(b.name)!.map(of))).join(' | ')} |\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${errorTrace(e)}\n`);
  process.exitCode = 1;
});
