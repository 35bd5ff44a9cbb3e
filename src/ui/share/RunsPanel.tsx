import { useMemo, useState, type ChangeEvent, type DragEvent } from 'react';
import { readRunFile, recordedLabel, runFileName, runFileOf, runSummary, sourceSummary, type RecordedRun } from '../../state/runFiles';
import { linkQuery, type ViewFlags } from '../../state/url';
import type { LabView } from '../lab/labController';
import { useRunPersistence } from './useRunPersistence';

interface RunsPanelProps {
  readonly view: LabView;
  readonly flags: ViewFlags;
  readonly onOpen: (run: RecordedRun) => void;
  readonly onHideRecorded: () => void;
}

function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const savedAt = (ms: number): string => new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Sharing and keeping runs: the link to this state, run files (save, open, drop) and the runs this browser
 * kept (IndexedDB, useRunPersistence). Only configuration and history travel or persist, never weights: a
 * reopened run trains from step 0.
 */
export function RunsPanel({ view, flags, onOpen, onHideRecorded }: RunsPanelProps) {
  // Here, not in the page: a write re-renders this panel only.
  const persistence = useRunPersistence(view);
  const [copied, setCopied] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { run, settings } = view;
  const link = useMemo(
    () => `${window.location.origin}${window.location.pathname}${linkQuery({ settings: settings.draft, flags: { ...flags, tour: false } })}`,
    [settings.draft, flags],
  );
  const history = run.history.points;

  const copyLink = (): void => {
    navigator.clipboard.writeText(link).then(
      () => setCopied('Link copied.'),
      () => setCopied('The browser did not allow copying; select the link above and copy it.'),
    );
  };

  const [scriptNote, setScriptNote] = useState<{ readonly error: boolean; readonly text: string } | null>(null);
  // The generator (with its Python template) loads only when asked for.
  const exportScript = async (): Promise<void> => {
    const [{ trainScript }, { APP_VERSION }] = await Promise.all([import('../../core/scaleout/trainScript'), import('../../export/metadata')]);
    const script = trainScript(settings.applied.config, { version: APP_VERSION });
    if (!script.ok) return setScriptNote({ error: true, text: `No training script: ${script.error}.` });
    download('train.py', script.value, 'text/x-python');
    setScriptNote({ error: false, text: 'train.py downloaded: python3 train.py --data spheres --out runs/a (or under torchrun); open runs/a/run.json here.' });
  };

  const openFile = async (file: File): Promise<void> => {
    const read = readRunFile(await file.text(), file.name);
    if (!read.ok) return setFileError(read.error);
    setFileError(null);
    onOpen(read.value);
  };
  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void openFile(file);
  };
  const onDrop = (event: DragEvent<HTMLElement>): void => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    void openFile(file);
  };

  return (
    <section className="panel runs-panel" aria-labelledby="runs-heading" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <div className="panel-head">
        <h2 id="runs-heading">Share and keep runs</h2>
      </div>
      <label className="field-label" htmlFor="share-link">
        Link to this lab
      </label>
      <input id="share-link" type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      <div className="button-row">
        <button type="button" onClick={copyLink}>
          Copy link
        </button>
        <p className="help" aria-live="polite">
          {copied}
        </p>
      </div>

      <div className="button-row">
        <button
          type="button"
          className="secondary"
          disabled={history.length === 0}
          onClick={() => download(runFileName(settings.applied.config, history), JSON.stringify(runFileOf(settings.applied, history), null, 1))}
        >
          Save run
        </button>
        <label className="file-button">
          Open run…
          <input type="file" accept=".json,application/json" className="visually-hidden" onChange={onFile} />
        </label>
        <button type="button" className="secondary" onClick={() => void exportScript()}>
          Export training script
        </button>
      </div>
      <p className="help">
        A run file holds the configuration and the history (no weights); drop one here or open it to train its configuration again from step 0. It
        also replays headless: <code>npm run experiment -- --config FILE</code>. &ldquo;Export training script&rdquo; gives this configuration as a
        PyTorch <code>train.py</code> for one or many GPUs (torchrun); its <code>run.json</code> opens here beside a browser run.
      </p>
      {scriptNote && (
        <p role={scriptNote.error ? 'alert' : 'status'} className={scriptNote.error ? 'error' : 'help'}>
          {scriptNote.text}
        </p>
      )}
      {fileError && (
        <p role="alert" className="error">
          {fileError} The current run is unchanged.
        </p>
      )}
      {run.recorded && (
        <div className="recorded-run">
          <p>
            Drawn beside this run: <strong>{run.recorded.label}</strong>
          </p>
          {run.recorded.source && <p className="help">Trained outside the lab: {sourceSummary(run.recorded.source)}.</p>}
          <button type="button" className="secondary" onClick={onHideRecorded}>
            Hide recorded run
          </button>
        </div>
      )}

      <h3 id="recent-heading">Recent runs</h3>
      {persistence.problem ? (
        <p className="notice-inline" role="status">
          Runs are not kept in this browser: {persistence.problem}. Everything else works.
        </p>
      ) : (
        <p className="help">Kept in this browser (configuration and history, not weights, nor your own data: a run on it needs its files loaded again): opening one restarts training from step 0 and draws its recorded curves beside the new run.</p>
      )}
      {persistence.runs.length > 0 && (
        <ul className="recent-runs" aria-labelledby="recent-heading">
          {persistence.runs.map((stored) => {
            const label = runSummary(stored.config, stored.history);
            const isCurrent = stored.id === persistence.currentId;
            return (
              <li key={stored.id}>
                <span>
                  {label}
                  <span className="help"> — {isCurrent ? 'this run' : savedAt(stored.savedAt)}</span>
                </span>
                <span className="recent-actions">
                  {!isCurrent && (
                    <button type="button" className="secondary" aria-label={`Open ${label}`} onClick={() => onOpen({ label: recordedLabel(stored.config, stored.history), config: stored.config, history: stored.history })}>
                      Open
                    </button>
                  )}
                  <button type="button" className="secondary" aria-label={`Forget ${label}`} onClick={() => persistence.remove(stored.id)}>
                    Forget
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
