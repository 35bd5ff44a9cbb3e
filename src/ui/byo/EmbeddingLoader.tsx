import { useId, useState } from 'react';
import { assignDroppedFiles, baseName } from '../../state/byo';
import type { ChosenFiles, LoadedEmbeddings } from './useLoadedEmbeddings';
import { DropZone } from '../controls/DropZone';

type Role = keyof ChosenFiles;

const SLOTS: readonly { role: Role; label: string; hint: string }[] = [
  { role: 'view1', label: 'View 1', hint: 'required: n × d embeddings' },
  { role: 'view2', label: 'View 2', hint: 'optional: row i pairs with view 1’s row i' },
  { role: 'labels', label: 'Labels', hint: 'optional: one integer per row' },
];

/**
 * "Bring your own embeddings": choose or drop .npy/.csv files, analysed in the page's analysis worker with
 * the analyzer's parser and metrics. A bad file shows the parser's message; nothing is uploaded.
 */
export function EmbeddingLoader({ byo }: { readonly byo: LoadedEmbeddings }) {
  const [chosen, setChosen] = useState<Partial<ChosenFiles>>({});
  const [dropError, setDropError] = useState<string | null>(null);
  const id = useId();
  const { loading, error } = byo.state;

  const analyse = (files: Partial<ChosenFiles>): void => {
    if (!files.view1) return;
    void byo.load({ view1: files.view1, ...(files.view2 ? { view2: files.view2 } : {}), ...(files.labels ? { labels: files.labels } : {}) });
  };
  const onFiles = (files: File[]): void => {
    const assigned = assignDroppedFiles(files);
    if (typeof assigned === 'string') {
      setDropError(assigned);
      return;
    }
    setDropError(null);
    setChosen(assigned);
    analyse(assigned);
  };
  const problem = dropError ?? error;

  return (
    <section className="panel byo-loader" aria-labelledby={`${id}-heading`}>
      <div className="panel-head">
        <h2 id={`${id}-heading`}>Your embeddings</h2>
      </div>
      <p className="help">
        Analyse embeddings from your own runs with every figure of the lab: <code>.npy</code> (2-D float32/float64) or <code>.csv</code> (no header),
        as <code>npm run analyze</code> reads them.
      </p>
      <DropZone onFiles={onFiles}>
        <p className="drop-hint">Drop 1–3 files here (a name containing “label” is the labels file), or choose them:</p>
        {SLOTS.map(({ role, label, hint }) => (
          <div className="file-slot" key={role}>
            <label htmlFor={`${id}-${role}`}>{label}</label>
            <input
              id={`${id}-${role}`}
              type="file"
              accept=".npy,.csv"
              aria-describedby={`${id}-${role}-hint`}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                setChosen((c) => ({ ...c, [role]: file }));
              }}
            />
            <span id={`${id}-${role}-hint`} className="help">
              {chosen[role] ? baseName(chosen[role].name) : hint}
            </span>
          </div>
        ))}
        <div className="button-row">
          <button type="button" disabled={!chosen.view1 || loading} onClick={() => analyse(chosen)}>
            {loading ? 'Reading…' : 'Analyse'}
          </button>
        </div>
      </DropZone>
      <p className="privacy-note">
        <strong>Nothing leaves the browser:</strong> the files are read and analysed on this device, in a background worker; nothing is uploaded.
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
