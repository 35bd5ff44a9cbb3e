import { createTemperature, type TemperatureSetting } from '../../core/temperature';
import { initialStudioState, studioReducer, type StudioAction, type StudioState } from '../studio/studioState';

/**
 * Loading a whole temperature setting into the studio (from a link, a run file or a tour step): it becomes
 * the selected family's draft and curve. Pins and the other families' drafts stay.
 */
export type LoadableStudioAction = StudioAction | { readonly type: 'load'; readonly setting: TemperatureSetting };

function withSetting(state: StudioState, setting: TemperatureSetting): StudioState {
  const created = createTemperature(setting);
  if (!created.ok) return state;
  const { family } = created.value;
  return {
    ...state,
    familyId: family.id,
    drafts: { ...state.drafts, [family.id]: created.value.setting },
    valid: { ...state.valid, [family.id]: created.value },
    error: null,
  };
}

export function loadableStudioReducer(state: StudioState, action: LoadableStudioAction): StudioState {
  return action.type === 'load' ? withSetting(state, action.setting) : studioReducer(state, action);
}

export function studioStateFor(setting: TemperatureSetting): StudioState {
  return withSetting(initialStudioState(), setting);
}
