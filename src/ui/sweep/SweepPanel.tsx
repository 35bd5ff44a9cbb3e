import type { Zippable } from 'fflate';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { TrainingConfig } from '../../core/config';
import { fail, ok, type Result } from '../../core/result';
import { expandCells, withSeed, type SweepDefinition } from '../../core/sweep/definition';
import { parseSweepFile, SWEEP_FILE_FORMAT, SWEEP_METRIC_KEYS, SWEEP_METRICS, summariseSweep, sweepCsv, type SweepFile, type SweepMetric } from '../../core/sweep/results';
import { optimalTemperatureBand } from '../../core/sweep/band';
import { similarityGrid, temperatureCurve } from '../../core/analysis/curves';
import { createTemperature, formatTemperatureSpec, type TemperatureFamily } from '../../core/temperature';
import type { DataTable } from '../../export/figureData';
import type { FigureExportSpec } from '../../export/figureExport';
import { downloadFile } from '../../export/raster';
import { sweepFigureTables } from '../../export/sweepData';
import type { FigureRenderer } from '../../export/svg';
import { drawSweepFigure, sweepCellAt, type SweepGeometry, type SweepView } from '../../figures/sweepFigure';
import { renderTemperatureFigure, type TemperatureFigureData } from '../../figures/temperatureFigure';
import type { Theme } from '../../figures/theme';
import { readNumber } from '../../state/inputs';
import { cellProgress, sweepActive, sweepResumable, sweepRuns, sweepTimeLeftMs, type SweepState } from '../../state/sweep';
import { buildSweepDefinition, formOf, type SweepAxisForm, type SweepForm } from '../../state/sweepForm';
import { DEFAULT_FLAGS, linkQuery } from '../../state/url';
import type { BackendChoice } from '../../worker/backends';
import { NumberField } from '../controls/NumberField';
import { PauseResume } from '../controls/PauseResume';
import { defaultHeight, FigureView, type FigureSize } from '../FigureView';
import { ExportActions } from '../lab/ExportActions';
import { cellLines } from './sweepCells';
import { useSweep } from './useSweep';
import { defaultAxis, defaultSweepForm, formFits, sweepParameters, type SweepParameter } from './sweepParameters';
import './sweep.css';

interface SweepPanelProps {
  /** The lab's applied config: every run of the sweep trains on it with the swept values written in. */
  readonly config: TrainingConfig;
  readonly family: TemperatureFamily;
  readonly backend: BackendChoice;
  readonly theme: Theme;
  /** The sweep the page's link asked for, shown in the form (not started). */
  readonly linkForm: SweepForm | undefined;
  /** Pauses the main run, so that the sweep has the machine to itself. */
  readonly pauseMainRun: () => void;
  /** Loads a cell's config into the lab, its τ curve pinned. */
  readonly onLoadCell: (config: TrainingConfig) => void;
}

const number = (text: string): Result<number> => {
  const value = readNumber(text);
  return value === null ? fail('Type a number, e.g. 0.1 or 1e-3.') : ok(value);
};
const whole =
  (what: string, min: number, max: number) =>
  (text: string): Result<number> => {
    const value = readNumber(text);
    return value === null || !Number.isInteger(value) || value < min || value > max ? fail(`${what}: a whole number from ${min} to ${max.toLocaleString('en-US')}.`) : ok(value);
  };
const parseCount = whole('Values', 1, 64);
const parseSeeds = whole('Seeds', 1, 20);
const parseSteps = whole('Steps', 1, 100_000);
const parseEvery = whole('Evaluate every', 1, 100_000);

function timeLeftText(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 60_000) return ' · under a minute left';
  return ` · about ${Math.round(ms / 60_000)} min left`;
}

const PHASE_TEXT: Record<SweepState['phase'], string> = {
  idle: '',
  stored: 'Kept from an earlier visit',
  running: 'Training',
  paused: 'Paused (runs in flight finish)',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Stopped',
};

function AxisFields({
  legend,
  axis,
  parameters,
  optional,
  exclude,
  onChange,
}: {
  readonly legend: string;
  readonly axis: SweepAxisForm | null;
  readonly parameters: readonly SweepParameter[];
  readonly optional: boolean;
  readonly exclude: string | undefined;
  readonly onChange: (axis: SweepAxisForm | null) => void;
}) {
  const id = useId();
  const choices = parameters.filter((p) => p.key !== exclude);
  return (
    <fieldset className="sweep-axis">
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={`${id}-param`}>Parameter</label>
        <select
          id={`${id}-param`}
          value={axis?.param ?? ''}
          onChange={(e) => {
            const chosen = parameters.find((p) => p.key === e.target.value);
            onChange(chosen ? defaultAxis(chosen) : null);
          }}
        >
          {optional && <option value="">none (a line)</option>}
          {choices.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label} ({p.key})
            </option>
          ))}
        </select>
      </div>
      {axis && (
        <>
          <NumberField label="From" value={axis.start} parse={number} onChange={(start) => onChange({ ...axis, start })} />
          <NumberField label="To" value={axis.stop} parse={number} onChange={(stop) => onChange({ ...axis, stop })} />
          <NumberField label="Values" value={axis.count} parse={parseCount} onChange={(count) => onChange({ ...axis, count })} />
          <div className="field">
            <label htmlFor={`${id}-scale`}>Scale</label>
            <select id={`${id}-scale`} value={axis.log ? 'log' : 'linear'} onChange={(e) => onChange({ ...axis, log: e.target.value === 'log' })}>
              <option value="linear">linear</option>
              <option value="log">log</option>
            </select>
          </div>
        </>
      )}
    </fieldset>
  );
}

const sweepHeight = (rows: number) => (width: number) => Math.round(Math.min(560, Math.max(300, 150 + rows * Math.min(90, width / 6))));

/**
 * Sweeps: one or two of the temperature family's parameters (or the learning rate) over ranges, each cell
 * trained with every seed beside a constant-τ line, on a pool of workers; the heatmap of a final metric, the
 * cells listed with mean ± CI, a cell loaded into the lab by a click. Finished runs are kept in this browser.
 */
export function SweepPanel({ config, family, backend, theme, linkForm, pauseMainRun, onLoadCell }: SweepPanelProps) {
  const id = useId();
  const { controller, state } = useSweep();
  const parameters = useMemo(() => sweepParameters(family, config), [family, config]);
  const [form, setForm] = useState<SweepForm>(() => (linkForm && formFits(linkForm, parameters) ? linkForm : defaultSweepForm(parameters)));
  const [tausText, setTausText] = useState(form.referenceTaus.join(', '));
  const [problem, setProblem] = useState<string | null>(null);
  const [view, setView] = useState<SweepView>({ metric: 'knnAccuracy', versusConstant: false });
  const geometry = useRef<SweepGeometry | null>(null);
  // Folded until asked for, so that the figures stay near the top of the page.
  const [setupOpen, setSetupOpen] = useState(linkForm !== undefined);

  // The family changed under the form: start again from its parameters.
  useEffect(() => {
    if (!formFits(form, parameters)) setForm(defaultSweepForm(parameters));
  }, [form, parameters]);
  // A sweep kept from an earlier visit fills the form, so that the link and Start say what it was.
  const kept = state.phase === 'stored' ? state.definition : null;
  useEffect(() => {
    const shown = kept && formOf(kept);
    if (kept) setSetupOpen(true);
    if (shown && formFits(shown, parameters)) {
      setForm(shown);
      setTausText(shown.referenceTaus.join(', '));
    }
  }, [kept]);

  const taus = useMemo((): Result<number[]> => {
    const values = tausText.split(',').filter((t) => t.trim() !== '').map(readNumber);
    return values.some((v) => v === null) ? fail('Constant τ: numbers separated by commas, e.g. 0.05, 0.1, 0.2.') : ok(values as number[]);
  }, [tausText]);
  const built = useMemo(() => (taus.ok ? buildSweepDefinition(config, { ...form, referenceTaus: taus.value }) : taus), [config, form, taus]);
  const cellsPlanned = built.ok ? expandCells(built.value).length : 0;
  const runsPlanned = built.ok ? (cellsPlanned + built.value.referenceTaus.length) * built.value.seeds.length : 0;

  const active = sweepActive(state);
  const start = (): void => {
    if (!built.ok) {
      setProblem(built.error);
      return;
    }
    setProblem(null);
    pauseMainRun();
    void controller.start(built.value, backend);
  };

  const definition = state.definition;
  const runs = useMemo(() => sweepRuns(state), [state.runs]);
  const lines = useMemo(() => (definition ? cellLines(definition, runs, view.metric) : []), [definition, runs, view.metric]);
  const progress = useMemo(() => cellProgress(state), [state.definition, state.runs]);
  const finished = state.runs.size;

  const loadCell = (index: number): void => {
    const cell = definition ? expandCells(definition)[index] : undefined;
    if (!definition || !cell || !('config' in cell.outcome)) return;
    onLoadCell(withSeed(cell.outcome.config, definition.seeds[0]!));
  };

  const draw = useMemo(
    () => (definition ? (doc: Document, size: FigureSize, figureTheme: Theme) => drawSweepFigure(doc, { definition, runs, view }, { ...size, theme: figureTheme }) : null),
    [definition, runs, view],
  );
  const render = useCallback((doc: Document, size: FigureSize) => draw!(doc, size, theme), [draw, theme]);
  const band = useMemo(() => (definition ? optimalRegionCurves(definition, runs, view.metric) : null), [definition, runs, view.metric]);
  const drawBand = useMemo(() => (band ? (doc: Document, size: FigureSize, figureTheme: Theme) => renderTemperatureFigure(doc, band, { ...size, theme: figureTheme }) : null), [band]);
  const renderBand = useCallback((doc: Document, size: FigureSize) => drawBand!(doc, size, theme), [drawBand, theme]);
  const bandExport: FigureExportSpec | undefined =
    band && drawBand
      ? {
          id: 'sweep-temperature',
          title: 'Temperature of the optimal region',
          wide: false,
          heightFor: defaultHeight,
          render: drawBand,
          data: () => ({ tables: [{ name: 'optimal-region-band', columns: ['s', 'tauLow', 'tauHigh', 'tauBest'], rows: Array.from(band.band!.s, (x, i) => [x, band.band!.low[i]!, band.band!.high[i]!, band.current.curve.tau[i]!]) }] }),
        }
      : undefined;
  const exportRender: FigureRenderer | null = draw;
  const heightFor = useMemo(() => sweepHeight(definition?.y?.values.length ?? 1), [definition]);
  const exportSpec: FigureExportSpec | undefined =
    definition && exportRender ? { id: 'sweep', title: `Sweep: ${SWEEP_METRICS[view.metric].label}`, wide: true, heightFor, render: exportRender, data: () => sweepData(definition, runs, view) } : undefined;

  const onFigureClick = (e: MouseEvent<HTMLDivElement>): void => {
    const drawn = geometry.current;
    if (!drawn) return;
    const box = e.currentTarget.getBoundingClientRect();
    const index = sweepCellAt(drawn, e.clientX - box.left, e.clientY - box.top);
    if (index !== null) loadCell(index);
  };

  // The sweep as train.py, launch.sh, slurm.sbatch, runs.txt and sweep-export.json in one zip; the generator
  // and fflate load only when asked for.
  const [exportNote, setExportNote] = useState<{ readonly error: boolean; readonly text: string } | null>(null);
  const exportForPyTorch = async (): Promise<void> => {
    if (!built.ok) return;
    const [{ exportSweep }, { APP_VERSION }, { strToU8, zipSync }] = await Promise.all([
      import('../../core/scaleout/sweepExport'),
      import('../../export/metadata'),
      import('fflate'),
    ]);
    const files = exportSweep(built.value, { version: APP_VERSION });
    if (!files.ok) return setExportNote({ error: true, text: `No export: ${files.error}.` });
    // Unix modes so that launch.sh and train.py stay executable when unzipped.
    const entries: Zippable = {};
    for (const [name, text] of Object.entries(files.value)) {
      entries[`sweep-export/${name}`] = [strToU8(text), { os: 3, attrs: (/\.(py|sh|sbatch)$/.test(name) ? 0o755 : 0o644) << 16 }];
    }
    downloadFile('sweep-export.zip', zipSync(entries), 'application/zip');
    setExportNote({ error: false, text: 'sweep-export.zip downloaded: run sweep-export/launch.sh (torchrun) or sbatch slurm.sbatch, then npm run sweep -- --collect sweep-export.' });
  };

  // A sweep.json from the CLI (run here, or collected from exported PyTorch runs) shown as if it ran here.
  const openSweepFile = async (file: File): Promise<void> => {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return setExportNote({ error: true, text: `“${file.name}” is not a sweep file: it is not JSON. The sweep shown is unchanged.` });
    }
    const parsed = parseSweepFile(json);
    if (!parsed.ok) return setExportNote({ error: true, text: `“${file.name}”: ${parsed.error}. The sweep shown is unchanged.` });
    setExportNote({ error: false, text: `Opened “${file.name}”: ${parsed.value.runs.length} runs.` });
    await controller.open(parsed.value);
  };

  const download = (kind: 'csv' | 'json'): void => {
    if (!definition) return;
    if (kind === 'csv') downloadFile('sweep.csv', sweepCsv(definition, expandCells(definition), runs), 'text/csv');
    else {
      const file: SweepFile = { format: SWEEP_FILE_FORMAT, version: 1, definition, runs };
      downloadFile('sweep.json', `${JSON.stringify(file)}\n`, 'application/json');
    }
  };

  const link = useMemo(
    () => `${location.origin}${location.pathname}${linkQuery({ settings: { config, backend }, flags: DEFAULT_FLAGS, sweep: { ...form, referenceTaus: taus.ok ? taus.value : form.referenceTaus } })}`,
    [config, backend, form, taus],
  );

  return (
    <section className="panel compare-panel sweep-panel" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Sweep</h2>
        <p className="help">
          Which τ wins here? Every cell trains this run’s setting ({config.dataset.id}, batch {config.batchSize}) with the swept values written in, once per seed, beside a
          constant-τ line with the same seeds. Runs share {state.jobs > 1 ? `${state.jobs} workers` : 'a worker'}; starting a sweep pauses this run.
        </p>
      </div>

      <details className="compare-custom sweep-setup" open={setupOpen} onToggle={(e) => setSetupOpen(e.currentTarget.open)}>
        <summary>Choose what to sweep</summary>
        <div className="sweep-axes">
          <AxisFields legend="Across (x)" axis={form.x} parameters={parameters} optional={false} exclude={form.y?.param} onChange={(x) => x && setForm({ ...form, x })} />
          <AxisFields legend="Down (y)" axis={form.y} parameters={parameters} optional exclude={form.x.param} onChange={(y) => setForm({ ...form, y })} />
        </div>
        <div className="compare-row">
          <NumberField label="Seeds" value={form.seeds} parse={parseSeeds} onChange={(seeds) => setForm({ ...form, seeds })} />
          <NumberField label="Steps per run" value={form.steps} parse={parseSteps} onChange={(steps) => setForm({ ...form, steps })} />
          <NumberField label="Evaluate every" value={form.evalEvery} parse={parseEvery} onChange={(evalEvery) => setForm({ ...form, evalEvery })} />
          <div className="field sweep-taus">
            <label htmlFor={`${id}-taus`}>Constant τ line</label>
            <input id={`${id}-taus`} type="text" spellCheck={false} autoComplete="off" value={tausText} aria-invalid={!taus.ok} onChange={(e) => setTausText(e.target.value)} />
          </div>
        </div>
        <p className="help" id={`${id}-plan`}>
          {built.ok ? `${cellsPlanned} cell${cellsPlanned === 1 ? '' : 's'} and ${built.value.referenceTaus.length} constant τ × ${form.seeds} seed${form.seeds === 1 ? '' : 's'} = ${runsPlanned} runs of ${form.steps} steps.` : built.error}
        </p>
        <div className="compare-buttons">
          <button type="button" disabled={active || !built.ok} aria-describedby={`${id}-plan`} onClick={start}>
            Start sweep
          </button>
          <PauseResume phase={state.phase} noun="sweep" onPause={() => controller.pause()} onResume={() => controller.resume()} />
          {active && (
            <button type="button" className="secondary" onClick={() => controller.cancel()}>
              Cancel sweep
            </button>
          )}
          <button type="button" className="secondary" disabled={!built.ok} onClick={() => void exportForPyTorch()}>
            Export for PyTorch
          </button>
          <label className="file-button">
            Open sweep.json…
            <input
              type="file"
              accept=".json,application/json"
              className="visually-hidden"
              disabled={active}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void openSweepFile(file);
              }}
            />
          </label>
          {sweepResumable(state) && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                pauseMainRun();
                void controller.resumeKept(backend);
              }}
            >
              Resume: run the {state.total - finished} missing
            </button>
          )}
        </div>
      </details>
      {exportNote && (
        <p className={exportNote.error ? 'error' : 'help'} role={exportNote.error ? 'alert' : 'status'}>
          {exportNote.text}
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {state.storageProblem && <p className="help sweep-storage">{state.storageProblem}</p>}

      {definition && (
        <>
          <div className="compare-progress">
            <label htmlFor={`${id}-progress`} data-sweep-progress>
              {PHASE_TEXT[state.phase]}: {finished} of {state.total} runs{active ? timeLeftText(sweepTimeLeftMs(state)) : ''}
            </label>
            <progress id={`${id}-progress`} max={state.total} value={finished} />
          </div>
          {state.error && (
            <p className="error" role="alert">
              {state.error}
            </p>
          )}
          <div className="compare-row sweep-view">
            <div className="field">
              <label htmlFor={`${id}-metric`}>Metric</label>
              <select id={`${id}-metric`} value={view.metric} onChange={(e) => setView({ ...view, metric: e.target.value as SweepMetric })}>
                {SWEEP_METRIC_KEYS.map((m) => (
                  <option key={m} value={m}>
                    {SWEEP_METRICS[m].label} ({SWEEP_METRICS[m].direction} is better)
                  </option>
                ))}
              </select>
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={view.versusConstant} onChange={(e) => setView({ ...view, versusConstant: e.target.checked })} />
              vs best constant τ
            </label>
          </div>
          <figure className="card wide sweep-figure">
            <FigureView<SweepGeometry> render={render} geometry={geometry} heightFor={heightFor} userInput={view} data-figure="sweep" onClick={onFigureClick} />
            {exportSpec && (
              <ExportActions spec={exportSpec}>
                <button type="button" className="secondary small" onClick={() => download('csv')}>
                  Download sweep.csv
                </button>
                <button type="button" className="secondary small" onClick={() => download('json')}>
                  Download sweep.json
                </button>
              </ExportActions>
            )}
          </figure>
          {band && bandExport && (
            <figure className="card sweep-band">
              <FigureView render={renderBand} data-figure="sweep-temperature" />
              <ExportActions spec={bandExport} />
            </figure>
          )}
          <ul className="sweep-cells" aria-label="Cells: press one to load its setting into the lab">
            {lines.map((line) => (
              <li key={line.index}>
                <button
                  type="button"
                  className="secondary small"
                  disabled={!line.trainable}
                  data-sweep-cell-button={line.index}
                  data-best={line.best ? 'true' : undefined}
                  onClick={() => loadCell(line.index)}
                >
                  {line.place}: {line.value}
                  {line.best ? ' · best' : line.optimal ? ' · within noise of the best' : ''}
                </button>
                <span className="sweep-cell-progress" data-sweep-cell-progress={line.index}>
                  {progress[line.index]?.done ?? 0} of {progress[line.index]?.seeds ?? 0} seeds
                </span>
              </li>
            ))}
          </ul>
        </>
      )}

      <div className="field sweep-link">
        <label htmlFor={`${id}-link`}>Link to this sweep (opens with the form filled in, not started)</label>
        <input id={`${id}-link`} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </div>
    </section>
  );
}

/** The export's data: the figure's tables (per cell, the constant-τ line) and sweep.csv's rows per run. */
function sweepData(definition: SweepDefinition, runs: SweepFile['runs'], view: SweepView): { tables: DataTable[] } {
  const [header = '', ...rows] = sweepCsv(definition, expandCells(definition), runs).trimEnd().split('\n');
  const perRun: DataTable = { name: 'runs', columns: header.split(','), rows: rows.map((r) => r.split(',').map((v) => (v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)))) };
  return { tables: [...sweepFigureTables({ definition, runs, view }), perRun] };
}

/**
 * The best cell's τ(s) with the band of every τ(s) in the optimal region (by this metric): where in
 * cosine-similarity space the temperature should be low and where high. Null until a cell has finished.
 */
function optimalRegionCurves(definition: SweepDefinition, runs: SweepFile['runs'], metric: SweepMetric): TemperatureFigureData | null {
  const cells = expandCells(definition);
  const { region } = summariseSweep(definition, cells.length, runs, metric);
  const best = cells[region.best];
  if (!best || !('config' in best.outcome)) return null;
  const s = Array.from(similarityGrid(201));
  const band = optimalTemperatureBand(definition, region, s);
  const temperature = createTemperature(best.outcome.config.temperature);
  if (!band || !temperature.ok) return null;
  return {
    current: { label: `best cell: ${formatTemperatureSpec(best.outcome.config.temperature)}`, curve: temperatureCurve(temperature.value, undefined, 201) },
    pins: [],
    band: { s: band.s, low: band.low, high: band.high, label: `optimal region of the sweep (${band.cells} cells)` },
  };
}
