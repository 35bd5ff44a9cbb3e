import { useId, type ReactNode } from 'react';
import { describedBy } from './FieldFrame';

interface CheckboxFieldProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly help?: ReactNode;
}

/** A switch-like checkbox with its label beside it and a line of help under it. */
export function CheckboxField({ label, checked, onChange, help }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" checked={checked} aria-describedby={describedBy(id, help)} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
    </div>
  );
}
