import { memo } from 'react';
import type { TrainingConfig } from '../../core/config';
import { datasets, isOwnDataset, type VectorDatasetInfo } from '../../core/data/registry';
import type { DatasetId, OwnDatasetId } from '../../core/data/types';
import type { OwnDataState } from '../../state/ownData';
import { OwnDataPanel } from '../ownData/OwnDataPanel';
import { parseSeed } from '../../state/inputs';
import { draftProblem, restartNeeded, type FieldId, type LabSettings, type SettingsState } from '../../state/settings';
import { describeMeasurement, describeWasmThreads } from '../../state/status';
import type { BackendChoice, BackendReport } from '../../worker/backends';
import { NumberField } from '../controls/NumberField';
import { RangeSlider } from '../controls/RangeSlider';
import { RestartBadge } from '../controls/RestartBadge';
import { SelectField, type SelectOption } from '../controls/SelectField';

interface RunSetupSectionProps {
  readonly settings: SettingsState;
  /** The backend report of the running engine, if any. */
  readonly backendReport: BackendReport | undefined;
  readonly restarting: boolean;
  /** Applies a change to the newest draft. */
  readonly onChange: (change: (draft: LabSettings) => LabSettings) => void;
  readonly onApply: () => void;
  readonly onRevert: () => void;
  /** The user's own data loaded in this tab, and the way to load it. */
  readonly ownData: OwnDataState;
  readonly onLoadOwnData: (data: File, labels?: File) => void;
}

/** The dataset choice: the built-in ones, and "Your data" for the vectors or images loaded from files. */
type DatasetChoice = Exclude<DatasetId, OwnDatasetId> | 'own';

const datasetOptions: SelectOption<DatasetChoice>[] = [...datasets.map((d) => ({ value: d.id, label: d.label })), { value: 'own', label: 'Your data (files)' }];
const encoderOptions: SelectOption<TrainingConfig['model']['encoder']>[] = [
  { value: 'mlp', label: 'MLP' },
  { value: 'cnn', label: 'CNN (images only)' },
];
const embeddingOptions: SelectOption<number>[] = [2, 3, 4, 8, 16, 32, 64, 128].map((d) => ({
  value: d,
  label: d === 2 ? '2 (unit circle)' : d === 3 ? '3 (unit sphere)' : `${d} (PCA view)`,
}));
const batchOptions: SelectOption<number>[] = [16, 32, 64, 128, 256, 512].map((b) => ({ value: b, label: `${b} (${2 * b} views)` }));
const backendOptions: SelectOption<BackendChoice>[] = [
  { value: 'auto', label: 'auto (fastest measured here)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly (wasm)' },
  { value: 'cpu', label: 'CPU (plain JavaScript)' },
];

const spheres = datasets.find((d): d is VectorDatasetInfo => d.kind === 'vector')!;
/** The spheres options worth changing here, with labels that read as sentences in the summary. */
const sphereOptions = [
  { field: 'spheresDim', key: 'dim', label: 'Sphere dimension' },
  { field: 'spheresClasses', key: 'classes', label: 'Classes' },
  { field: 'longTailRatio', key: 'longTailRatio', label: 'Long-tail ratio' },
] as const satisfies readonly { field: FieldId; key: keyof TrainingConfig['dataset']['spheres']; label: string }[];

/**
 * What a run is made of: data, model, batch, seed and backend. These take effect only on a restart, so
 * each changed one is marked and "Apply & reset" starts a new run with them.
 */
export const RunSetupSection = memo(function RunSetupSection({ settings, backendReport, restarting, onChange, onApply, onRevert, ownData, onLoadOwnData }: RunSetupSectionProps) {
  const { draft } = settings;
  const config = draft.config;
  const waiting = restartNeeded(settings);
  const pending = new Set(waiting.map((f) => f.id));
  const badge = (field: FieldId) => <RestartBadge show={pending.has(field)} />;
  const problem = draftProblem(draft, ownData.summary ?? undefined);
  const edit = (change: (config: TrainingConfig) => Partial<TrainingConfig>): void => onChange((d) => ({ ...d, config: { ...d.config, ...change(d.config) } }));
  const own = isOwnDataset(config.dataset.id);
  const datasetHelp = own
    ? 'Your own vectors or images, read in this browser; split into training and held-out samples by the seed.'
    : datasets.find((d) => d.id === config.dataset.id)!.description;
  const chooseDataset = (choice: DatasetChoice): void =>
    edit((c) => ({ dataset: { ...c.dataset, id: choice === 'own' ? (ownData.summary?.id ?? 'vectors') : choice } }));

  return (
    <section className="panel" aria-labelledby="setup-heading">
      <div className="panel-head">
        <h2 id="setup-heading">Run setup</h2>
        <span className="badge restart-legend">changes need a restart</span>
      </div>
      <SelectField
        label="Dataset"
        value={own ? 'own' : (config.dataset.id as DatasetChoice)}
        options={datasetOptions}
        badge={badge('dataset')}
        help={datasetHelp}
        onChange={chooseDataset}
      />
      {own && (
        <OwnDataPanel
          config={config}
          ownData={ownData}
          badge={badge}
          onLoad={onLoadOwnData}
          onOptions={(change) => edit((c) => ({ dataset: { ...c.dataset, own: { ...c.dataset.own, ...change } } }))}
        />
      )}
      {config.dataset.id === 'spheres' &&
        sphereOptions.map(({ field, key, label }) => {
          const spec = spheres.optionSpecs.find((s) => s.key === key)!;
          return (
            <RangeSlider
              key={key}
              spec={{ ...spec, label, help: spec.help.charAt(0).toUpperCase() + spec.help.slice(1) + '.' }}
              value={config.dataset.spheres[key]}
              badge={badge(field)}
              onChange={(value) => edit((c) => ({ dataset: { ...c.dataset, spheres: { ...c.dataset.spheres, [key]: value } } }))}
            />
          );
        })}
      <SelectField
        label="Encoder"
        value={config.model.encoder}
        options={encoderOptions}
        badge={badge('encoder')}
        onChange={(encoder) => edit((c) => ({ model: { ...c.model, encoder } }))}
      />
      <SelectField
        label="Embedding dimension"
        value={config.model.embeddingDim}
        options={embeddingOptions}
        badge={badge('embeddingDim')}
        help="Output of the projection head, L2-normalised: 2 and 3 are drawn on the circle and sphere."
        onChange={(embeddingDim) => edit((c) => ({ model: { ...c.model, embeddingDim } }))}
      />
      <SelectField
        label="Batch size"
        value={config.batchSize}
        options={batchOptions}
        badge={badge('batchSize')}
        onChange={(batchSize) => edit(() => ({ batchSize }))}
      />
      <NumberField label="Seed" value={config.seed} parse={parseSeed} badge={badge('seed')} onChange={(seed) => edit(() => ({ seed }))} help="Same seed, same data, weights and batches." />
      <SelectField label="Backend" value={draft.backend} options={backendOptions} badge={badge('backend')} onChange={(backend) => onChange((d) => ({ ...d, backend }))} />
      {backendReport && <BackendReportView report={backendReport} />}

      <div className="apply" aria-live="polite">
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : waiting.length > 0 ? (
          <p className="help">
            {waiting.length === 1 ? '1 change waits' : `${waiting.length} changes wait`} for a restart: {waiting.map((f) => f.label).join(', ')}.
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" disabled={waiting.length === 0 || problem !== null || restarting} onClick={onApply}>
            Apply &amp; reset
          </button>
          <button type="button" className="secondary" disabled={waiting.length === 0} onClick={onRevert}>
            Revert
          </button>
        </div>
      </div>
    </section>
  );
});

/** Which backend was asked for, which one runs, and why the ones before it were skipped. */
function BackendReportView({ report }: { readonly report: BackendReport }) {
  const threads = describeWasmThreads(report);
  const measured = describeMeasurement(report);
  return (
    <div className="backend-report">
      <p>
        Requested <strong>{report.requested}</strong>, running on <strong>{report.actual}</strong>.
      </p>
      {measured && <p className="backend-measurement">{measured}.</p>}
      {threads && <p className="backend-threads">{threads}.</p>}
      <ul>
        {/* With a measurement, what auto passed over at first is said by the measurement line. */}
        {report.attempts.filter((a) => !(measured && a.reason?.startsWith('skipped by auto'))).map((a) => (
          <li key={a.name} className={a.ok ? 'ok' : 'skipped'}>
            <strong>{a.name}</strong>: {a.ok ? `passed its self-test${a.selfTestMs !== undefined ? ` (${a.selfTestMs} ms)` : ''}` : `skipped — ${a.reason ?? 'no reason given'}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
