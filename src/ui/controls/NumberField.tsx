import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Result } from '../../core/result';
import { describedBy, FieldFrame } from './FieldFrame';

interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  /** Reads what was typed; the error is shown as it is, so it should say what a valid entry looks like. */
  readonly parse: (text: string) => Result<number>;
  readonly onChange: (value: number) => void;
  readonly help?: ReactNode;
  readonly badge?: ReactNode;
}

/**
 * A text box for one number. Every valid entry is passed on as it is typed; an invalid one is kept in the
 * box (nothing typed is lost) with its message once the box is left or Enter is pressed, and the last
 * valid value stays in effect.
 */
export function NumberField({ label, value, parse, onChange, help, badge }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [touched, setTouched] = useState(false);
  const parsed = parse(text);

  // The value changed from elsewhere (e.g. "halve learning rate"): show it, unless the box already means it.
  useEffect(() => {
    setText((current) => {
      const mine = parse(current);
      return mine.ok && mine.value === value ? current : String(value);
    });
  }, [value, parse]);

  const error = !parsed.ok && touched ? parsed.error : null;
  return (
    <FieldFrame id={id} label={label} badge={badge} help={help} error={error}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={!parsed.ok}
        aria-describedby={describedBy(id, help, error)}
        onChange={(e) => {
          setText(e.target.value);
          const next = parse(e.target.value);
          if (next.ok && next.value !== value) onChange(next.value);
        }}
        onBlur={() => setTouched(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setTouched(true);
        }}
      />
    </FieldFrame>
  );
}
