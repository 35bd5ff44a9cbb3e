import { describe, expect, it } from 'vitest';
import {
  currentContext,
  currentTemperature,
  initialStudioState,
  MAX_PINS,
  studioReducer,
  type StudioAction,
  type StudioState,
} from '../../src/ui/studio/studioState';

/** The data behind the studio's figures: what is drawn after each control change. */
const run = (...actions: StudioAction[]): StudioState => actions.reduce(studioReducer, initialStudioState());
const tauAt = (state: StudioState, s: number): number => currentTemperature(state).scalar(s, currentContext(state));

describe('studio state', () => {
  it('opens on DySTreSS with its defaults', () => {
    const state = initialStudioState();
    expect(state.familyId).toBe('dystress');
    expect(tauAt(state, 0)).toBeCloseTo(0.1, 12);
    expect(state.error).toBeNull();
  });

  it('keeps the last valid curve while τ min exceeds τ max, and recovers', () => {
    const crossed = run({ type: 'setParam', key: 'tmin', value: 0.5 });
    expect(crossed.error).toMatch(/must not exceed/);
    expect(crossed.drafts.dystress!.params.tmin).toBe(0.5);
    expect(tauAt(crossed, 0)).toBeCloseTo(0.1, 12);
    const fixed = studioReducer(crossed, { type: 'setParam', key: 'tmax', value: 0.6 });
    expect(fixed.error).toBeNull();
    expect(tauAt(fixed, 0)).toBeCloseTo(0.5, 12);
  });

  it('remembers each family’s settings when switching', () => {
    const state = run(
      { type: 'setParam', key: 'tmax', value: 0.3 },
      { type: 'selectFamily', familyId: 'constant' },
      { type: 'selectFamily', familyId: 'dystress' },
    );
    expect(tauAt(state, 1)).toBeCloseTo(0.3, 12);
  });

  it('keeps the last valid custom formula while the typed one is invalid', () => {
    const state = run(
      { type: 'selectFamily', familyId: 'custom' },
      { type: 'setFormula', formula: '0.2 + 0.1*s' },
      { type: 'setFormula', formula: '0.2 + ' },
    );
    expect(state.error).toMatch(/formula/);
    expect(tauAt(state, 1)).toBeCloseTo(0.3, 12);
  });

  it('evaluates step-dependent families at the training-step slider, clamped to its range', () => {
    const state = run({ type: 'selectFamily', familyId: 'kukleva' }, { type: 'setContext', key: 'step', value: 500 });
    expect(tauAt(state, 0)).toBeCloseTo(0.1, 12);
    const shorter = studioReducer(state, { type: 'setParam', key: 'period', value: 100 });
    expect(currentContext(shorter).step).toBe(200);
  });

  it('pins distinct curves, up to the palette size', () => {
    let state = run({ type: 'pin' }, { type: 'pin' });
    expect(state.pins.map((p) => p.label)).toEqual(['DySTreSS (cosine): τ min 0.1, τ max 0.2']);
    for (let i = 0; i < MAX_PINS + 2; i++) {
      state = studioReducer(state, { type: 'setParam', key: 'tmax', value: 0.3 + i / 10 });
      state = studioReducer(state, { type: 'pin' });
    }
    expect(state.pins).toHaveLength(MAX_PINS);
    expect(studioReducer(state, { type: 'clearPins' }).pins).toEqual([]);
  });
});
