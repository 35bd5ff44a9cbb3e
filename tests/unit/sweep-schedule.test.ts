import { describe, expect, it } from 'vitest';
import type { HistoryPoint, TrainingConfig } from '../../src/core/config';
import { parseSweepDefinition, type SweepDefinition } from '../../src/core/sweep/definition';
import { runKey, type SweepRun } from '../../src/core/sweep/results';
import { planRuns, runSweep, type RunOutcome, type SweepProgress } from '../../src/core/sweep/schedule';

const definition = ((): SweepDefinition => {
  const parsed = parseSweepDefinition({ x: { param: 'tmin', values: [0.1, 0.3] }, seeds: [1, 2], referenceTaus: [0.1] });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
})();

const point = (step: number, knnAccuracy: number): HistoryPoint => ({ step, loss: 1, stepMs: 1, alignment: 0, uniformity: 0, knnAccuracy });

/** A stand-in trainer: kNN = τ min (or the constant τ) + seed/100; seed 2 of the constant line diverges. */
function fakeTrainer() {
  const calls: TrainingConfig[] = [];
  let inFlight = 0;
  let most = 0;
  const runOne = async (config: TrainingConfig): Promise<RunOutcome> => {
    calls.push(config);
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    const tau = config.temperature.params.tmin ?? config.temperature.params.tau!;
    if (config.temperature.family === 'constant' && config.seed === 2) return { history: [point(0, 0.1)], divergence: { message: 'loss is NaN at step 3' } };
    return { history: [point(0, 0.1), point(10, tau + config.seed / 100)], divergence: null };
  };
  return { runOne, calls, most: () => most };
}

describe('sweep plan', () => {
  it('lists every cell × seed, then the constant-τ line × seed, with the configs the runner would train', () => {
    const plan = planRuns(definition);
    expect(plan.map((p) => [runKey(p.target), 'skipped' in p ? 'skipped' : p.config.seed])).toEqual([
      ['cell 0 seed 1', 1],
      ['cell 0 seed 2', 2],
      ['cell 1 seed 1', 'skipped'],
      ['cell 1 seed 2', 'skipped'],
      ['constant 0.1 seed 1', 1],
      ['constant 0.1 seed 2', 2],
    ]);
    const first = plan[0]!;
    expect('config' in first && first.config.temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
  });
});

describe('running a sweep', () => {
  it('trains each run once on a pool of jobs, records skipped and diverged runs, and goes on', async () => {
    const trainer = fakeTrainer();
    const seen: SweepProgress[] = [];
    const runs = await runSweep(definition, { runOne: trainer.runOne, jobs: 2, onRun: (p) => void seen.push(p) });
    expect(trainer.calls).toHaveLength(4);
    expect(trainer.most()).toBe(2);
    expect(runs.map((r) => [runKey(r.target), r.status])).toEqual([
      ['cell 0 seed 1', 'ok'],
      ['cell 0 seed 2', 'ok'],
      ['cell 1 seed 1', 'skipped'],
      ['cell 1 seed 2', 'skipped'],
      ['constant 0.1 seed 1', 'ok'],
      ['constant 0.1 seed 2', 'diverged'],
    ]);
    expect(runs[2]!.reason).toBe('dystress:0.3,0.2: τ min (0.3) must not exceed τ max (0.2)');
    expect(runs[5]!.reason).toBe('loss is NaN at step 3');
    expect(runs[1]!.history.at(-1)!.knnAccuracy).toBeCloseTo(0.12, 12);
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.every((p) => p.total === 6 && !p.reused)).toBe(true);
  });

  it('reuses the runs an earlier invocation finished and trains only the rest', async () => {
    const first = await runSweep(definition, { runOne: fakeTrainer().runOne, jobs: 1 });
    const previous = new Map<string, SweepRun>(first.slice(0, 2).map((r) => [runKey(r.target), r]));
    const trainer = fakeTrainer();
    const seen: SweepProgress[] = [];
    const again = await runSweep(definition, { runOne: trainer.runOne, jobs: 3, previous, onRun: (p) => void seen.push(p) });
    expect(trainer.calls.map((c) => [c.temperature.family, c.seed])).toEqual([
      ['constant', 1],
      ['constant', 2],
    ]);
    expect(seen.filter((p) => p.reused).map((p) => runKey(p.run.target))).toEqual(['cell 0 seed 1', 'cell 0 seed 2']);
    expect(again).toEqual(first);
  });
});
