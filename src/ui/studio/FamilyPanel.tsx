import { useId } from 'react';
import { builtinFamilies, CUSTOM_ID, type TemperatureFamily } from '../../core/temperature';

interface FamilyPanelProps {
  readonly familyId: string;
  /** The family of the curve on screen (for custom: the last valid formula). */
  readonly family: TemperatureFamily;
  /** The formula as typed, valid or not. */
  readonly formulaDraft: string;
  readonly error: string | null;
  readonly onSelect: (familyId: string) => void;
  readonly onFormula: (formula: string) => void;
}

const options = [...builtinFamilies.map((f) => ({ id: f.id, label: f.label })), { id: CUSTOM_ID, label: 'Custom formula' }];

/** Which temperature function, what it is, and (for custom) the formula box with its validation message. */
export function FamilyPanel({ familyId, family, formulaDraft, error, onSelect, onFormula }: FamilyPanelProps) {
  const id = useId();
  return (
    <div className="family">
      <label htmlFor={`${id}-family`}>Temperature function</label>
      <select id={`${id}-family`} value={familyId} onChange={(e) => onSelect(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>

      {familyId === CUSTOM_ID && (
        <div className="formula-input">
          <label htmlFor={`${id}-formula`}>Custom formula τ(s, t)</label>
          <input
            id={`${id}-formula`}
            type="text"
            value={formulaDraft}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error !== null}
            aria-describedby={`${id}-formula-help`}
            onChange={(e) => onFormula(e.target.value)}
          />
          <p id={`${id}-formula-help`} className="help">
            In s (cosine similarity) and t (training step): + − * / ^, pi, e, abs, cos, sin, tan, exp, log, sqrt,
            tanh, min, max, pow and “s &lt; 0 ? x : y”.
          </p>
        </div>
      )}

      <p className="formula">
        <code>{family.formula}</code>
      </p>
      <p className="description">{family.description}</p>
      {family.assumption && (
        <p className="assumption">
          <span className="tag">assumed form</span> {family.assumption}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error.replace(/\.$/, '')}. Showing the last valid curve.
        </p>
      )}
    </div>
  );
}
