/** The benchmark's results as Markdown tables (printed by run.ts, pasted into BENCHMARKS.md). */

interface Summary {
  n: number;
  median: number;
  p10: number;
  p90: number;
  p95?: number;
}
interface StepRow {
  platform: string;
  backend: string;
  dataset: string;
  flops: number;
  stepMs: Summary;
  stepCpuMs?: Summary;
  matMulGflops: number;
  peakGflops: number;
  efficiency: number;
  matMulCpuGflops?: number;
  cpuEfficiency?: number;
  compiledDuringTimedSteps?: number;
  numTensorsGrowth: number;
}
interface Drift {
  steps: number;
  dataset: string;
  numTensors: { start: number; end: number };
  heapMB?: { start: number; end: number };
  backendMB: { start: number; end: number };
}
interface PeerRow {
  who: string;
  dataset: string;
  rounds: number;
  stepMs: number;
  stepCpuMs?: number;
  efficiency?: number;
  cpuEfficiency?: number;
  loads: string;
  vsFastestPeer?: { peer: string; wall: number; cpu?: number };
}
interface Results {
  machine: Record<string, unknown>;
  node?: { load: string; rows: StepRow[]; drift?: Drift & { backend: string } };
  browser?: { load: string; backend: string; skipped?: string; error?: string; rows?: (StepRow | { backend: string; drift: Drift })[] }[];
  peer?: { skipped: string } | { rounds: number; torch?: { torch: string; threads: number }; summary: PeerRow[] };
  ui?: {
    load: string;
    firstFigureMs: number;
    engineReadyMs: number;
    longTasks: { windowMs: number; totalMs: number; count: number; share: number; longestMs: number };
    sliderToRedrawMs: Summary & { p95: number };
    trainingCurveUpdatesPerSecond: number;
    stepsPerSecond: number;
  };
  js?: { initialGzipKB: number; fetchedBeforeFirstFigureGzipKB: number; fetchedByEngineGzipKB: number; neverFetchedGzipKB: number };
}

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function formatTable(input: unknown): string {
  const r = input as Results;
  const out: string[] = [];
  const m = r.machine;
  out.push(`Machine: ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.chromium}, tfjs ${m.tfjs}; ${m.date}; load average at start ${m.loadAtStart}.`);

  const peer = r.peer && 'summary' in r.peer ? r.peer : undefined;
  /** The faster PyTorch per dataset (median wall time over the peer rounds). */
  const fastestTorch = (dataset: string) =>
    peer?.summary.filter((p) => p.who.startsWith('torch') && p.dataset === dataset).sort((a, b) => a.stepMs - b.stepMs)[0];
  const steps: (StepRow & { load: string })[] = [
    ...(r.node?.rows ?? []).map((row) => ({ ...row, load: r.node!.load })),
    ...(r.browser ?? []).flatMap((b) => (b.rows ?? []).filter((x): x is StepRow => 'stepMs' in x).map((row) => ({ ...row, load: b.load }))),
  ];
  if (steps.length) {
    out.push('', '**Training step** (median of n steps after warm-up; matmul GFLOP/s = the step\'s own products run alone on that backend; efficiency = FLOPs ÷ (step time × that throughput))', '');
    out.push(
      table(
        ['where', 'backend', 'dataset', 'step ms (p10–p90)', 'CPU ms', 'n', 'MFLOP/step', 'matmul GFLOP/s', 'peak 512² GFLOP/s', 'efficiency', '× PyTorch', 'compiled in timed steps', 'tensor growth', 'load'],
        steps.map((s) => {
          const torch = fastestTorch(s.dataset);
          return [
            s.platform,
            s.backend,
            s.dataset,
            `${f(s.stepMs.median)} (${f(s.stepMs.p10)}–${f(s.stepMs.p90)})`,
            s.stepCpuMs ? f(s.stepCpuMs.median) : '–',
            String(s.stepMs.n),
            f(s.flops / 1e6),
            `${f(s.matMulGflops, 2)}${s.matMulCpuGflops === undefined ? '' : ` (CPU ${f(s.matMulCpuGflops, 2)})`}`,
            f(s.peakGflops, 2),
            `${f(100 * s.efficiency, 0)} %${s.cpuEfficiency === undefined ? '' : ` (CPU ${f(100 * s.cpuEfficiency, 0)} %)`}`,
            torch ? `${f(s.stepMs.median / torch.stepMs, 2)}×${s.stepCpuMs && torch.stepCpuMs ? ` (CPU ${f(s.stepCpuMs.median / torch.stepCpuMs, 2)}×)` : ''}` : '–',
            s.compiledDuringTimedSteps === undefined ? '–' : String(s.compiledDuringTimedSteps),
            String(s.numTensorsGrowth),
            s.load,
          ];
        }),
      ),
    );
  }
  for (const b of r.browser ?? []) if (b.skipped || b.error) out.push(`- Chromium ${b.backend}: ${b.skipped ?? b.error}`);
  if (r.peer && 'skipped' in r.peer) out.push('', `PyTorch: ${r.peer.skipped}`);
  else if (peer) {
    out.push(
      '',
      `**Against PyTorch** (scripts/bench/torch_step.py, torch ${peer.torch?.torch ?? '?'}, ${peer.torch?.threads ?? '?'} thread; ` +
        `${peer.rounds} rounds, PyTorch and the lab alternating; median over rounds of each round's median; × = step ÷ the faster PyTorch's)`,
      '',
    );
    out.push(
      table(
        ['who', 'dataset', 'step ms', 'CPU ms', '× fastest PyTorch (CPU)', 'matmul efficiency (CPU)', 'rounds', 'load (1 min) per round'],
        peer.summary.map((p) => [
          p.who,
          p.dataset,
          f(p.stepMs),
          p.stepCpuMs === undefined ? '–' : f(p.stepCpuMs),
          p.vsFastestPeer ? `${f(p.vsFastestPeer.wall, 2)}× (${p.vsFastestPeer.cpu === undefined ? '–' : `${f(p.vsFastestPeer.cpu, 2)}×`}) vs ${p.vsFastestPeer.peer}` : '–',
          p.efficiency === undefined ? '–' : `${f(100 * p.efficiency, 0)} %${p.cpuEfficiency === undefined ? '' : ` (${f(100 * p.cpuEfficiency, 0)} %)`}`,
          String(p.rounds),
          p.loads,
        ]),
      ),
    );
  }

  const drifts = [
    ...(r.node?.drift ? [{ where: `node ${r.node.drift.backend}`, ...r.node.drift }] : []),
    ...(r.browser ?? []).flatMap((b) => (b.rows ?? []).flatMap((x) => ('drift' in x ? [{ where: `chromium ${x.backend}`, ...x.drift }] : []))),
  ];
  if (drifts.length) {
    out.push('', '**Memory over many steps** (a snapshot every 50 steps, as the lab takes them)', '');
    out.push(
      table(
        ['where', 'dataset', 'steps', 'numTensors start → end', 'JS heap MB start → end', 'backend MB start → end'],
        drifts.map((d) => [
          d.where,
          d.dataset,
          String(d.steps),
          `${d.numTensors.start} → ${d.numTensors.end}`,
          d.heapMB ? `${f(d.heapMB.start)} → ${f(d.heapMB.end)}` : '–',
          `${f(d.backendMB.start, 2)} → ${f(d.backendMB.end, 2)}`,
        ]),
      ),
    );
  }
  if (r.ui) {
    const u = r.ui;
    out.push('', '**The lab in Chromium, training on wasm** (index.html?backend=wasm)', '');
    out.push(
      table(
        ['first figure', 'engine ready', 'long tasks (share of window)', 'longest task', 'slider → redraw p50 / p95 (n)', 'training-curve updates/s', 'steps/s', 'load'],
        [
          [
            `${f(u.firstFigureMs, 0)} ms`,
            `${f(u.engineReadyMs, 0)} ms`,
            `${f(100 * u.longTasks.share)} % (${u.longTasks.count} tasks, ${f(u.longTasks.totalMs, 0)} of ${f(u.longTasks.windowMs, 0)} ms)`,
            `${f(u.longTasks.longestMs, 0)} ms`,
            `${f(u.sliderToRedrawMs.median)} / ${f(u.sliderToRedrawMs.p95)} ms (${u.sliderToRedrawMs.n})`,
            f(u.trainingCurveUpdatesPerSecond),
            f(u.stepsPerSecond),
            u.load,
          ],
        ],
      ),
    );
  }
  if (r.js) {
    out.push('', '**JavaScript shipped** (gzip of dist/ chunks)', '');
    out.push(
      table(
        ['in index.html', 'fetched before the first figure', 'fetched after (worker, chosen backend)', 'never fetched (other backends, pages)'],
        [[`${r.js.initialGzipKB} kB`, `${r.js.fetchedBeforeFirstFigureGzipKB} kB`, `${r.js.fetchedByEngineGzipKB} kB`, `${r.js.neverFetchedGzipKB} kB`]],
      ),
    );
  }
  return out.join('\n');
}

if (process.argv[1]?.endsWith('table.ts')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(formatTable(JSON.parse(readFileSync(process.argv[2] ?? 'bench/results.json', 'utf8'))) + '\n');
}
