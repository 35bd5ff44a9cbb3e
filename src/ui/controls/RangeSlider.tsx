import { useId, type ReactNode } from 'react';
import type { ParamSpec } from '../../core/temperature';
import { formatValue, stepDecimals } from '../format';

interface RangeSliderProps {
  readonly spec: Pick<ParamSpec, 'label' | 'min' | 'max' | 'step' | 'unit' | 'help'>;
  readonly value: number;
  readonly onChange: (value: number) => void;
  /** A mark beside the label, e.g. "restart needed". */
  readonly badge?: ReactNode;
}

/**
 * A native range input (arrow keys, Page Up/Down, Home/End for free) whose accessible name is exactly the
 * parameter's label; the current value and unit sit beside the label.
 */
export function RangeSlider({ spec, value, onChange, badge }: RangeSliderProps) {
  const id = useId();
  const decimals = stepDecimals(spec.step);
  const shown = `${value.toFixed(decimals)}${spec.unit ? ` ${spec.unit}` : ''}`;
  return (
    <div className="slider">
      <div className="slider-head">
        <label htmlFor={id}>{spec.label}</label>
        {badge}
        <span className="slider-value">{shown}</span>
      </div>
      <input
        id={id}
        type="range"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={value}
        aria-valuetext={shown}
        aria-describedby={`${id}-help`}
        // Range inputs report values like 0.10500000000000001; keep what the step allows.
        onChange={(e) => onChange(Number(Number(e.target.value).toFixed(decimals)))}
      />
      <p id={`${id}-help`} className="help">
        {spec.help} <span className="range">({formatValue(spec.min)} to {formatValue(spec.max)})</span>
      </p>
    </div>
  );
}
