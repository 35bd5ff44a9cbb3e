import { useEffect, useRef } from 'react';
import type { RunAlert } from '../../state/run';

interface AlertPanelProps {
  readonly alert: RunAlert;
  /** The learning rate in effect, to say what halving it gives. */
  readonly learningRate: number;
  readonly onHalveAndContinue: () => void;
  readonly onRestart: () => void;
  readonly onDismiss: () => void;
}

/**
 * What went wrong with the run, in plain words, and the ways back. A divergence is the classic one: the
 * trainer already restored the last healthy weights and paused.
 */
export function AlertPanel({ alert, learningRate, onHalveAndContinue, onRestart, onDismiss }: AlertPanelProps) {
  const firstAction = useRef<HTMLButtonElement>(null);
  // Take the keyboard user to the way out.
  useEffect(() => firstAction.current?.focus(), [alert]);

  if (alert.kind === 'divergence') {
    const { divergence } = alert;
    return (
      <div className="alert-panel" role="alert">
        <h2>Training diverged at step {divergence.step.toLocaleString('en-US')}</h2>
        <p>{divergence.message}</p>
        <p>
          The run is paused at step {divergence.rolledBackTo.toLocaleString('en-US')}. A smaller learning rate (now {learningRate}) or a
          higher τ min usually keeps it finite.
        </p>
        <div className="button-row">
          <button ref={firstAction} type="button" onClick={onHalveAndContinue}>
            Halve learning rate and continue
          </button>
          <button type="button" className="secondary" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="alert-panel" role="alert">
      <h2>The training engine stopped</h2>
      <p>{alert.message}</p>
      <div className="button-row">
        <button ref={firstAction} type="button" onClick={onRestart}>
          Start again
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
