import type { ReactNode } from 'react';
import type { FigureExportSpec } from '../../../export/figureExport';
import type { Theme } from '../../../figures/theme';
import type { Drawn } from '../../../figures/frame/document';
import { defaultHeight, type FigureSize } from '../../FigureView';
import { ExportActions } from '../ExportActions';
import type { Explanation } from '../explanations';

/** What every figure card takes: the page's theme and whether explanations are shown. */
export interface CardProps {
  readonly theme: Theme;
  readonly showExplanation: boolean;
}

/** A figure function bound to its data: the page's theme unless an export passes its own. */
export type CardRender<G = never> = (doc: Document, size: FigureSize, exportTheme?: Theme) => SVGSVGElement | Drawn<G, SVGSVGElement>;

interface FigureCardProps {
  readonly explanation: Explanation;
  readonly show: boolean;
  readonly wide?: boolean;
  readonly children: ReactNode;
  /** How to export the figure (absent while it waits for data); `actions` go beside its export buttons. */
  readonly exportSpec?: FigureExportSpec;
  readonly actions?: ReactNode;
  /** Left out in classroom mode, which keeps the figures that carry the story. */
  readonly classroomHidden?: boolean;
}

export function FigureCard({ explanation, show, wide, children, exportSpec, actions, classroomHidden }: FigureCardProps) {
  return (
    <figure className={['card', wide && 'wide', classroomHidden && 'classroom-hidden'].filter(Boolean).join(' ')}>
      {children}
      {exportSpec && <ExportActions spec={exportSpec}>{actions}</ExportActions>}
      {show && (
        <figcaption className="explanation">
          {explanation.text}
          {explanation.formula && <code className="formula-line">{explanation.formula}</code>}
        </figcaption>
      )}
    </figure>
  );
}

/** Where a figure will be until its data is there; `figure` names it for the tour. */
export function Placeholder({ name, figure, children }: { readonly name: string; readonly figure?: string; readonly children: ReactNode }) {
  return (
    <div className="figure placeholder" data-placeholder-for={figure} style={{ minHeight: defaultHeight(400) }}>
      <p>
        <strong>{name}</strong>
        <br />
        {children}
      </p>
    </div>
  );
}

/** The lab's placeholder for a figure that needs a snapshot. */
export function BeforeFirstStep({ name, figure }: { readonly name: string; readonly figure: string }) {
  return (
    <Placeholder name={name} figure={figure}>
      appears after the first training step: press Play or Step.
    </Placeholder>
  );
}
