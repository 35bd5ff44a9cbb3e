import { useId, type ReactNode } from 'react';
import { describedBy, FieldFrame } from './FieldFrame';

export interface SelectOption<V extends string | number> {
  readonly value: V;
  readonly label: string;
}

interface SelectFieldProps<V extends string | number> {
  readonly label: string;
  readonly value: V;
  readonly options: readonly SelectOption<V>[];
  readonly onChange: (value: V) => void;
  readonly help?: ReactNode;
  readonly badge?: ReactNode;
  readonly disabled?: boolean;
}

/** A labelled native select whose options carry typed values (numbers stay numbers). */
export function SelectField<V extends string | number>({ label, value, options, onChange, help, badge, disabled }: SelectFieldProps<V>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} badge={badge} help={help}>
      <select
        id={id}
        value={String(value)}
        disabled={disabled}
        aria-describedby={describedBy(id, help)}
        onChange={(e) => onChange(options.find((o) => String(o.value) === e.target.value)!.value)}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
