import { memo, type Dispatch } from 'react';
import { variesPerSample, type Temperature } from '../../core/temperature';
import { RangeSlider } from '../controls/RangeSlider';
import type { ContextSlider, StudioContext } from '../studio/contextSliders';
import { FamilyPanel } from '../studio/FamilyPanel';
import { currentDraft, MAX_PINS, type StudioAction, type StudioState } from '../studio/studioState';

interface TemperatureSectionProps {
  readonly studio: StudioState;
  readonly dispatch: Dispatch<StudioAction>;
  readonly temperature: Temperature;
  /** The step/alignment sliders; empty while a run supplies the context. */
  readonly contextSliders: readonly ContextSlider[];
  readonly context: StudioContext;
  /** Says where τ is evaluated when a run supplies the context. */
  readonly contextNote: string | null;
}

/**
 * The temperature function and its parameters. Live: every valid change reaches the trainer at the next
 * step and redraws the τ figures from the cached batch, no retraining needed.
 */
export const TemperatureSection = memo(function TemperatureSection({ studio, dispatch, temperature, contextSliders, context, contextNote }: TemperatureSectionProps) {
  const draft = currentDraft(studio);
  const pinsFull = studio.pins.length >= MAX_PINS;
  // A τ trained per sample or predicted per input has no curve τ(s) to pin.
  const noCurve = variesPerSample(temperature.family);
  return (
    <section className="panel" aria-labelledby="temperature-heading">
      <div className="panel-head">
        <h2 id="temperature-heading">Temperature τ(s)</h2>
        <span className="badge live">live</span>
      </div>
      <FamilyPanel
        familyId={studio.familyId}
        family={temperature.family}
        formulaDraft={draft.formula ?? ''}
        error={studio.error}
        onSelect={(familyId) => dispatch({ type: 'selectFamily', familyId })}
        onFormula={(formula) => dispatch({ type: 'setFormula', formula })}
      />
      {/* Parameters come from the draft, so a slider shows where it was moved even when that is invalid. */}
      {temperature.family.params.length > 0 && (
        <fieldset className="sliders">
          <legend>Parameters</legend>
          {temperature.family.params.map((spec) => (
            <RangeSlider
              key={`${studio.familyId}-${spec.key}`}
              spec={spec}
              value={draft.params[spec.key] ?? spec.default}
              onChange={(value) => dispatch({ type: 'setParam', key: spec.key, value })}
            />
          ))}
        </fieldset>
      )}
      {contextSliders.length > 0 && (
        <fieldset className="sliders">
          <legend>Context</legend>
          {contextSliders.map(({ key, spec }) => (
            <RangeSlider key={key} spec={spec} value={context[key]} onChange={(value) => dispatch({ type: 'setContext', key, value })} />
          ))}
        </fieldset>
      )}
      {contextNote && <p className="help context-note">{contextNote}</p>}
      <div className="button-row">
        <button type="button" disabled={pinsFull || noCurve} aria-describedby="pin-hint" onClick={() => dispatch({ type: 'pin' })}>
          Pin curve
        </button>
        <button type="button" className="secondary" disabled={studio.pins.length === 0} onClick={() => dispatch({ type: 'clearPins' })}>
          Clear pins
        </button>
        <p id="pin-hint" className="help">
          {noCurve
            ? 'This τ is trained per sample, not a curve τ(s): there is nothing to pin. Its distribution is in “Per-sample temperatures”.'
            : pinsFull
              ? `${MAX_PINS} curves pinned, the most there is room for; clear them to pin more.`
              : 'Pinned curves stay on the τ and logit figures, dashed, for comparison.'}
        </p>
      </div>
    </section>
  );
});
