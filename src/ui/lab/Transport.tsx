import { useId, useLayoutEffect, useRef } from 'react';
import { MULTI_STEPS, RENDER_RATES, SPEED_LIMITS, speedLabel } from '../../state/pacing';
import { formatStatus } from '../../state/status';
import type { LabController, LabView } from './labController';

interface TransportProps {
  readonly view: LabView;
  readonly controller: LabController;
  readonly multiStep: number;
  readonly onMultiStep: (n: number) => void;
}

/**
 * Play/pause, single and multiple steps, reset, the speed limit and the figure update rate, and the status
 * line. One Play/Pause button whose name says what it will do.
 */
export function Transport({ view, controller, multiStep, onMultiStep }: TransportProps) {
  const id = useId();
  const { run, restarting } = view;
  const ready = run.phase === 'ready' && !restarting;
  const canStep = ready && !run.running;
  const bar = useRef<HTMLDivElement>(null);

  // The sticky sidebar starts below this bar, whose height depends on how its controls wrap.
  useLayoutEffect(() => {
    const element = bar.current!;
    const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--transport-height', `${element.offsetHeight}px`));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={bar} className="transport" role="group" aria-label="Training controls">
      <div className="transport-buttons">
        <button type="button" className="play" disabled={!ready} aria-keyshortcuts="Space" onClick={() => controller.togglePlay()}>
          {run.running ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="secondary" disabled={!canStep} aria-keyshortcuts="." onClick={() => controller.step(1)}>
          Step
        </button>
        <span className="multi-step">
          <button type="button" className="secondary" disabled={!canStep} onClick={() => controller.step(multiStep)}>
            Step ×{multiStep}
          </button>
          <label className="visually-hidden" htmlFor={`${id}-n`}>
            Steps per multi-step
          </label>
          <select id={`${id}-n`} value={multiStep} onChange={(e) => onMultiStep(Number(e.target.value))}>
            {MULTI_STEPS.map((n) => (
              <option key={n} value={n}>
                ×{n}
              </option>
            ))}
          </select>
        </span>
        <button type="button" className="secondary" disabled={run.phase === 'starting' || restarting} aria-keyshortcuts="R" onClick={() => controller.reset()}>
          Reset
        </button>
      </div>
      <div className="transport-rates">
        <label htmlFor={`${id}-speed`}>Speed limit</label>
        <select id={`${id}-speed`} value={view.speedLimit} onChange={(e) => controller.setSpeedLimit(Number(e.target.value))}>
          {SPEED_LIMITS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-render`}>Figure updates</label>
        <select id={`${id}-render`} value={view.renderRate} onChange={(e) => controller.setRenderRate(Number(e.target.value))}>
          {RENDER_RATES.map((r) => (
            <option key={r} value={r}>
              {r}/s
            </option>
          ))}
        </select>
      </div>
      {/* Read out when it settles (paused, reset), not ten times a second while training. */}
      <p className="status-line" role="status" aria-live={run.running ? 'off' : 'polite'}>
        {formatStatus(run)}
      </p>
    </div>
  );
}
