import { useId } from 'react';
import { loadedTitle, type ByoState, type Source } from '../../state/byo';

interface SourceSwitchProps {
  readonly state: ByoState;
  readonly runStep: number | undefined;
  readonly onChange: (source: Source) => void;
}

/** Which data the figures show: the training run (untouched while loaded embeddings are shown) or the files. */
export function SourceSwitch({ state, runStep, onChange }: SourceSwitchProps) {
  const name = useId();
  if (!state.loaded) return null;
  const options: readonly { source: Source; text: string }[] = [
    { source: 'run', text: `Training run${runStep !== undefined ? ` (step ${runStep.toLocaleString('en-US')})` : ''}` },
    { source: 'loaded', text: `Loaded embeddings: ${loadedTitle(state.loaded.summary)}` },
  ];
  return (
    <fieldset className="source-switch">
      <legend>Figures from</legend>
      {options.map((o) => (
        <label key={o.source} className={state.source === o.source ? 'selected' : undefined}>
          <input type="radio" name={name} value={o.source} checked={state.source === o.source} onChange={() => onChange(o.source)} />
          {o.text}
        </label>
      ))}
    </fieldset>
  );
}
