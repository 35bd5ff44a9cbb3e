import { useMemo, useReducer } from 'react';
import type { Theme } from '../../figures/theme';
import { RangeSlider } from '../controls/RangeSlider';
import { contextSliders, effectiveContext } from './contextSliders';
import { FamilyPanel } from './FamilyPanel';
import { StudioFigures } from './StudioFigures';
import {
  currentDraft,
  currentTemperature,
  initialStudioState,
  labelledCurve,
  MAX_PINS,
  studioReducer,
} from './studioState';

/**
 * The first page: pick a temperature function, move its sliders, watch τ(s) and the effective logit s/τ(s)
 * follow, pin curves to compare settings.
 */
export function TemperatureStudio({ theme }: { readonly theme: Theme }) {
  const [state, dispatch] = useReducer(studioReducer, undefined, () => initialStudioState());
  const temperature = currentTemperature(state);
  const draft = currentDraft(state);
  const sliders = useMemo(() => contextSliders(temperature.family, temperature.params), [temperature]);
  const context = useMemo(() => effectiveContext(state.context, sliders), [state.context, sliders]);
  const current = useMemo(() => labelledCurve(temperature, context), [temperature, context]);
  const curves = useMemo(() => ({ current, pins: state.pins }), [current, state.pins]);
  const pinsFull = state.pins.length >= MAX_PINS;

  return (
    <section className="studio" aria-labelledby="studio-heading">
      <div className="controls">
        <h2 id="studio-heading">Temperature studio</h2>
        <FamilyPanel
          familyId={state.familyId}
          family={temperature.family}
          formulaDraft={draft.formula ?? ''}
          error={state.error}
          onSelect={(familyId) => dispatch({ type: 'selectFamily', familyId })}
          onFormula={(formula) => dispatch({ type: 'setFormula', formula })}
        />
        {/* Parameters come from the draft, so a slider shows where it was moved even when that is invalid. */}
        {temperature.family.params.length > 0 && (
          <fieldset className="sliders">
            <legend>Parameters</legend>
            {temperature.family.params.map((spec) => (
              <RangeSlider
                key={`${state.familyId}-${spec.key}`}
                spec={spec}
                value={draft.params[spec.key] ?? spec.default}
                onChange={(value) => dispatch({ type: 'setParam', key: spec.key, value })}
              />
            ))}
          </fieldset>
        )}
        {sliders.length > 0 && (
          <fieldset className="sliders">
            <legend>Context</legend>
            {sliders.map(({ key, spec }) => (
              <RangeSlider
                key={key}
                spec={spec}
                value={context[key]}
                onChange={(value) => dispatch({ type: 'setContext', key, value })}
              />
            ))}
          </fieldset>
        )}
        <div className="pin-buttons">
          <button type="button" disabled={pinsFull} aria-describedby="pin-hint" onClick={() => dispatch({ type: 'pin' })}>
            Pin curve
          </button>
          <button type="button" disabled={state.pins.length === 0} onClick={() => dispatch({ type: 'clearPins' })}>
            Clear pins
          </button>
          <p id="pin-hint" className="help">
            {pinsFull
              ? `${MAX_PINS} curves pinned, the most there is room for; clear them to pin more.`
              : 'Pinned curves stay on both figures, dashed, for comparison.'}
          </p>
        </div>
      </div>
      <StudioFigures temperature={temperature} context={context} curves={curves} theme={theme} />
    </section>
  );
}
