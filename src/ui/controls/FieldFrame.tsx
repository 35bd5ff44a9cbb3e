import type { ReactNode } from 'react';

interface FieldFrameProps {
  /** The control's id: the label points at it, and help and error are `${id}-help` and `${id}-error`. */
  readonly id: string;
  readonly label: string;
  readonly badge?: ReactNode;
  readonly help?: ReactNode;
  readonly error?: ReactNode;
  /** The control itself. */
  readonly children: ReactNode;
}

/** What the labelled fields share: the label (and badge) above the control, its help and error under it. */
export function FieldFrame({ id, label, badge, help, error, children }: FieldFrameProps) {
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {badge}
      </div>
      {children}
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The ids that a control's aria-describedby names: its help and error, where there are any. */
export function describedBy(id: string, help: ReactNode, error?: ReactNode): string | undefined {
  return [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}
