import { useId, useState } from 'react';
import { MAX_COMPARED_SETTINGS, type TrainingConfig } from '../../core/config';
import { formatTemperatureSpec, type TemperatureSetting } from '../../core/temperature';
import { runColor } from '../../figures/frame/styles';
import type { Theme } from '../../figures/theme';
import { comparisonRows, MAX_PINNED_RUNS, pinnedRows, type CompareState, type Comparison } from '../../state/compare';
import { buildComparePlan, CLASSIC_SPECS, DEFAULT_COMPARE_STEPS, parseCompareSeeds, parseCompareSteps } from '../../state/compareInputs';
import type { RunState } from '../../state/run';
import type { BackendChoice } from '../../worker/backends';
import { NumberField } from '../controls/NumberField';
import { PauseResume } from '../controls/PauseResume';
import type { CompareController } from './compareController';
import { ResultsTable, type TableRow } from './ResultsTable';

interface ComparePanelProps {
  readonly controller: CompareController;
  readonly state: CompareState;
  readonly run: RunState;
  /** The main run's applied config: a comparison trains on its dataset, model, batch and seed. */
  readonly config: TrainingConfig;
  readonly backend: BackendChoice;
  readonly temperature: TemperatureSetting;
  readonly theme: Theme;
  /** Pauses the main run, so that the comparison has the machine to itself. */
  readonly pauseMainRun: () => void;
}

const whole = (n: number): string => n.toLocaleString('en-US');

function progressText(c: Comparison): string {
  const runs = `${c.runs.length} run${c.runs.length === 1 ? '' : 's'}`;
  const where = `step ${whole(c.step)} of ${whole(c.plan.steps)} · ${runs}`;
  switch (c.phase) {
    case 'starting':
      return `Preparing ${runs}…`;
    case 'running':
      return `Training: ${where}`;
    case 'paused':
      return `Paused: ${where}`;
    case 'done':
      return `Done: ${where}`;
    case 'cancelled':
      return `Cancelled: ${where}`;
    case 'failed':
      return `Stopped: ${where}`;
  }
}

/**
 * Compare runs: pin the main run, or train two or three temperature settings side by side (same data, model
 * and seeds) in a worker of their own; the figures overlay them and the table lists their final metrics.
 */
export function ComparePanel({ controller, state, run, config, backend, temperature, theme, pauseMainRun }: ComparePanelProps) {
  const id = useId();
  const [specs, setSpecs] = useState<readonly string[]>(CLASSIC_SPECS);
  const [steps, setSteps] = useState(DEFAULT_COMPARE_STEPS);
  const [seeds, setSeeds] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);
  const comparison = state.comparison;
  const active = comparison !== null && (comparison.phase === 'starting' || comparison.phase === 'running' || comparison.phase === 'paused');
  const ready = run.phase === 'ready';

  const start = (chosen: readonly string[]): void => {
    const plan = buildComparePlan(config, chosen, steps, seeds);
    if (!plan.ok) {
      setProblem(plan.error);
      return;
    }
    setProblem(null);
    pauseMainRun();
    void controller.start(plan.value, backend);
  };

  // The overlays' order (runOverlays): pins, then the compared settings; run colour 0 is the main run.
  const pinColor = (i: number): string => runColor(theme, i + 1);
  const rows: TableRow[] = [
    ...pinnedRows(state.pins).map((r, i) => ({ ...r, key: `pin-${state.pins[i]!.id}`, kind: 'pinned' as const, color: pinColor(i) })),
    ...(comparison
      ? comparisonRows(comparison).map((r, i) => ({ ...r, key: `compare-${i}`, kind: 'compared' as const, color: pinColor(state.pins.length + i) }))
      : []),
  ];
  const dataset = run.info?.datasetSummary.label ?? config.dataset.id;
  const seedText = seeds > 1 ? `seeds ${config.seed} to ${config.seed + seeds - 1}` : `seed ${config.seed}`;

  return (
    <section className="panel compare-panel" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Compare runs</h2>
        <p className="help">
          Same data, model and seed as this run ({dataset}, batch {config.batchSize}, {seedText}); only τ differs. Starting a comparison pauses this run; the
          comparison trains in a worker of its own.
        </p>
      </div>

      <div className="compare-row">
        <NumberField label="Steps" value={steps} parse={parseCompareSteps} onChange={setSteps} />
        <NumberField label="Runs per setting" value={seeds} parse={parseCompareSeeds} onChange={setSeeds} />
        <div className="compare-buttons">
          <button type="button" disabled={!ready} onClick={() => start(CLASSIC_SPECS)}>
            Compare fixed τ vs DySTreSS
          </button>
          <button type="button" className="secondary" disabled={run.history.points.length === 0} onClick={() => controller.pin(run, temperature)}>
            Pin this run
          </button>
        </div>
      </div>

      <details className="compare-custom">
        <summary>Choose the temperatures (up to {MAX_COMPARED_SETTINGS})</summary>
        <p className="help">
          One setting per box, as the analyzer takes them: <code>constant:0.2</code>, <code>dystress:0.1,0.2</code>, <code>dystress-shifted:0.1,0.2,-0.4,0.7</code>,{' '}
          <code>custom:0.1+0.05*(1-cos(pi*s))</code>.
        </p>
        {specs.map((spec, i) => (
          <div className="compare-spec" key={i}>
            <label htmlFor={`${id}-spec-${i}`}>Run {i + 1}</label>
            <input
              id={`${id}-spec-${i}`}
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={spec}
              onChange={(e) => setSpecs(specs.map((s, k) => (k === i ? e.target.value : s)))}
            />
            <button type="button" className="secondary" disabled={specs.length <= 1} aria-label={`Remove run ${i + 1}`} onClick={() => setSpecs(specs.filter((_, k) => k !== i))}>
              Remove
            </button>
          </div>
        ))}
        <div className="compare-buttons">
          <button
            type="button"
            className="secondary"
            disabled={specs.length >= MAX_COMPARED_SETTINGS}
            onClick={() => setSpecs([...specs, formatTemperatureSpec(temperature)])}
          >
            Add the current temperature
          </button>
          <button type="button" disabled={!ready} onClick={() => start(specs)}>
            Start comparison
          </button>
        </div>
      </details>

      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {state.notice && (
        <p className="error" role="alert">
          {state.notice}
        </p>
      )}

      {comparison && (
        <div className="compare-progress">
          <label htmlFor={`${id}-progress`}>{progressText(comparison)}</label>
          <progress id={`${id}-progress`} max={comparison.plan.steps} value={comparison.step} />
          <div className="compare-buttons">
            <PauseResume phase={comparison.phase} noun="comparison" onPause={() => controller.pause()} onResume={() => controller.resume()} />
            {active ? (
              <button type="button" className="secondary" onClick={() => controller.cancel()}>
                Cancel
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => controller.clear()}>
                Remove comparison
              </button>
            )}
          </div>
          {comparison.error && (
            <p className="error" role="alert">
              {comparison.error}
            </p>
          )}
          {comparison.runs
            .filter((r) => r.divergence)
            .map((r) => (
              <p key={r.index} className="error">
                {r.label}: {r.divergence}
              </p>
            ))}
        </div>
      )}

      {state.pins.length > 0 && (
        <ul className="pinned-runs" aria-label={`Pinned runs (at most ${MAX_PINNED_RUNS})`}>
          {state.pins.map((p, i) => (
            <li key={p.id}>
              <span className="run-swatch" style={{ background: pinColor(i) }} aria-hidden="true" />
              {p.label}
              <button type="button" className="secondary" aria-label={`Unpin ${p.label}`} onClick={() => controller.unpin(p.id)}>
                Unpin
              </button>
            </li>
          ))}
        </ul>
      )}

      {rows.length > 0 && <ResultsTable rows={rows} final={!active} />}
    </section>
  );
}
