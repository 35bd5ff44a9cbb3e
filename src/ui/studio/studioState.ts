import { temperatureCurve } from '../../core/analysis';
import {
  createTemperature,
  CUSTOM_ID,
  defaultSetting,
  type Temperature,
  type TemperatureSetting,
} from '../../core/temperature';
import type { LabelledCurve } from '../../figures/similarityCurves';
import { formatValue } from '../format';
import { contextSliders, effectiveContext, initialContext, type ContextKey, type StudioContext } from './contextSliders';

/**
 * The temperature studio's state. Controls edit a draft setting per family; every edit is validated and,
 * when valid, becomes that family's curve. An invalid draft leaves the last valid curve on screen and its
 * message beside the controls, so a half-typed formula or a crossed τ min/τ max never blanks the figures.
 */
export interface StudioState {
  readonly familyId: string;
  /** What the controls show, per family, so switching back and forth keeps one's settings. */
  readonly drafts: Readonly<Record<string, TemperatureSetting>>;
  /** The last valid temperature per family; what the figures draw. */
  readonly valid: Readonly<Record<string, Temperature>>;
  /** Why the current family's draft is not drawn; null when it is. */
  readonly error: string | null;
  readonly context: StudioContext;
  readonly pins: readonly LabelledCurve[];
}

export type StudioAction =
  | { readonly type: 'selectFamily'; readonly familyId: string }
  | { readonly type: 'setParam'; readonly key: string; readonly value: number }
  | { readonly type: 'setFormula'; readonly formula: string }
  | { readonly type: 'setContext'; readonly key: ContextKey; readonly value: number }
  | { readonly type: 'pin' }
  | { readonly type: 'clearPins' };

/** One per palette colour; more would repeat colours and clutter the legend. */
export const MAX_PINS = 5;

function mustCreate(setting: TemperatureSetting): Temperature {
  const result = createTemperature(setting);
  if (!result.ok) throw new Error(`default setting of ${setting.family} is invalid: ${result.error}`);
  return result.value;
}

export function initialStudioState(familyId = 'dystress'): StudioState {
  const draft = defaultSetting(familyId);
  return {
    familyId,
    drafts: { [familyId]: draft },
    valid: { [familyId]: mustCreate(draft) },
    error: null,
    context: initialContext,
    pins: [],
  };
}

export function currentTemperature(state: StudioState): Temperature {
  return state.valid[state.familyId]!;
}

export function currentDraft(state: StudioState): TemperatureSetting {
  return state.drafts[state.familyId]!;
}

/** The context sliders shown for the current curve and the context it is evaluated in. */
export function currentContext(state: StudioState): StudioContext {
  const temperature = currentTemperature(state);
  return effectiveContext(state.context, contextSliders(temperature.family, temperature.params));
}

/** Legend text naming the family, its parameters and the context, e.g. "DySTreSS (cosine): τ min 0.1, τ max 0.2". */
export function describeCurve(temperature: Temperature, context: StudioContext): string {
  const { family, params, setting } = temperature;
  const parts =
    family.id === CUSTOM_ID
      ? [`τ = ${setting.formula ?? ''}`]
      : family.params.map((p) => `${p.label} ${formatValue(params[p.key]!)}`);
  if (family.dependsOn.includes('step')) parts.push(`t = ${formatValue(context.step)}`);
  if (family.dependsOn.includes('alignment')) parts.push(`A = ${formatValue(context.alignment)}`);
  const name = family.id === CUSTOM_ID ? 'Custom' : family.label;
  return parts.length > 0 ? `${name}: ${parts.join(', ')}` : name;
}

/** The curve of `temperature` in `context`, sampled on 401 similarities, with its legend text. */
export function labelledCurve(temperature: Temperature, context: StudioContext): LabelledCurve {
  return { label: describeCurve(temperature, context), curve: temperatureCurve(temperature, context) };
}

/** Validates the edited draft: a valid one becomes the family's curve, an invalid one only sets the message. */
function withDraft(state: StudioState, familyId: string, draft: TemperatureSetting): StudioState {
  const result = createTemperature(draft);
  const drafts = { ...state.drafts, [familyId]: draft };
  if (!result.ok) return { ...state, familyId, drafts, error: result.error };
  return { ...state, familyId, drafts, valid: { ...state.valid, [familyId]: result.value }, error: null };
}

export function studioReducer(state: StudioState, action: StudioAction): StudioState {
  switch (action.type) {
    case 'selectFamily':
      return withDraft(state, action.familyId, state.drafts[action.familyId] ?? defaultSetting(action.familyId));
    case 'setParam': {
      const draft = currentDraft(state);
      return withDraft(state, state.familyId, { ...draft, params: { ...draft.params, [action.key]: action.value } });
    }
    case 'setFormula':
      return withDraft(state, state.familyId, { ...currentDraft(state), formula: action.formula });
    case 'setContext':
      return { ...state, context: { ...state.context, [action.key]: action.value } };
    case 'pin': {
      const curve = labelledCurve(currentTemperature(state), currentContext(state));
      if (state.pins.length >= MAX_PINS || state.pins.some((p) => p.label === curve.label)) return state;
      return { ...state, pins: [...state.pins, curve] };
    }
    case 'clearPins':
      return { ...state, pins: [] };
  }
}
