import { useId } from 'react';
import type { ProjectionKind } from '../../state/byo';

interface ProjectionPickerProps {
  readonly value: ProjectionKind;
  readonly onChange: (kind: ProjectionKind) => void;
  /** What the projection is doing, e.g. "UMAP of 1,000 points: 40 %". */
  readonly status?: string | null;
}

/** PCA or UMAP for an embedding of more than three dimensions; both are computed off the main thread. */
export function ProjectionPicker({ value, onChange, status }: ProjectionPickerProps) {
  const name = useId();
  return (
    <div className="projection-picker">
      <fieldset>
        <legend>Projection</legend>
        {(['pca', 'umap'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name={name} value={kind} checked={value === kind} onChange={() => onChange(kind)} />
            {kind === 'pca' ? 'PCA' : 'UMAP'}
          </label>
        ))}
      </fieldset>
      {status && (
        <span className="projection-status" role="status">
          {status}
        </span>
      )}
    </div>
  );
}

export function umapStatus(progress: number | undefined, points: number | undefined): string | null {
  if (progress === undefined) return null;
  return `UMAP${points ? ` of ${points.toLocaleString('en-US')} points` : ''} in the background: ${Math.round(progress * 100)} %`;
}
