/** Pause while a background job (a comparison, a sweep) runs, Resume while it is paused, nothing otherwise. */
export function PauseResume({ phase, noun, onPause, onResume }: { readonly phase: string; readonly noun: string; readonly onPause: () => void; readonly onResume: () => void }) {
  if (phase === 'running') {
    return (
      <button type="button" className="secondary" onClick={onPause}>
        Pause {noun}
      </button>
    );
  }
  if (phase === 'paused') {
    return (
      <button type="button" className="secondary" onClick={onResume}>
        Resume {noun}
      </button>
    );
  }
  return null;
}
