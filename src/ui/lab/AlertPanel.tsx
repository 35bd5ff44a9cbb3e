import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import type { RunAlert } from '../../state/run';

interface AlertPanelProps {
  readonly alert: RunAlert;
  /** The learning rate in effect, to say what halving it gives. */
  readonly learningRate: number;
  readonly onHalveAndContinue: () => void;
  readonly onRestart: () => void;
  /** After the training worker ended: a new one, with the old history drawn beside it. */
  readonly onRecover: () => void;
  readonly onDismiss: () => void;
}

/**
 * What went wrong with the run, in plain words, and the ways back. A divergence is the classic one: the
 * trainer already restored the last healthy weights and paused.
 */
export function AlertPanel({ alert, learningRate, onHalveAndContinue, onRestart, onRecover, onDismiss }: AlertPanelProps) {
  const firstAction = useRef<HTMLButtonElement>(null);
  // Take the keyboard user to the way out.
  useEffect(() => firstAction.current?.focus(), [alert]);

  if (alert.kind === 'divergence') {
    const { divergence } = alert;
    return (
      <Panel
        title={`Training diverged at step ${divergence.step.toLocaleString('en-US')}`}
        action="Halve learning rate and continue"
        onAction={onHalveAndContinue}
        onDismiss={onDismiss}
        actionRef={firstAction}
      >
        <p>{divergence.message}</p>
        <p>
          The run is paused at step {divergence.rolledBackTo.toLocaleString('en-US')}. A smaller learning rate (now {learningRate}) or a
          higher τ min usually keeps it finite.
        </p>
      </Panel>
    );
  }
  if (alert.kind === 'fellBack') {
    const step = alert.step.toLocaleString('en-US');
    return (
      <Panel title={`The ${alert.from} device was lost at step ${step}`} action="Continue" onAction={onDismiss} onDismiss={onDismiss} actionRef={firstAction}>
        <p>
          The GPU device was {alert.why}. Training moved to {alert.to}: the configuration starts again from step 0 there (the weights were on
          the device), with the history up to step {step} drawn beside it.
        </p>
      </Panel>
    );
  }
  if (alert.kind === 'lost') {
    const step = alert.step.toLocaleString('en-US');
    return (
      <Panel title={`The training worker stopped at step ${step}`} action="Restart, keeping this history" onAction={onRecover} onDismiss={onDismiss} actionRef={firstAction}>
        <p>The worker that trained this run has ended: {alert.why}.</p>
        <p>
          Its weights are gone with it; the configuration and the history up to step {step} are kept. Restart trains the same configuration
          again from step 0 in a new worker, with this history drawn beside it.
        </p>
      </Panel>
    );
  }
  return (
    <Panel title="The training engine stopped" action="Start again" onAction={onRestart} onDismiss={onDismiss} actionRef={firstAction}>
      <p>{alert.message}</p>
    </Panel>
  );
}

interface PanelProps {
  readonly title: string;
  /** The way back, focused when the panel opens. */
  readonly action: string;
  readonly onAction: () => void;
  readonly onDismiss: () => void;
  readonly actionRef: RefObject<HTMLButtonElement | null>;
  readonly children: ReactNode;
}

function Panel({ title, action, onAction, onDismiss, actionRef, children }: PanelProps) {
  return (
    <div className="alert-panel" role="alert">
      <h2>{title}</h2>
      {children}
      <div className="button-row">
        <button ref={actionRef} type="button" onClick={onAction}>
          {action}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
