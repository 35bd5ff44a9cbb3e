import { useCallback, useRef } from 'react';
import type { HistoryPoint } from '../../../core/config';
import { labFigureExports } from '../../../export/labFigures';
import { drawTrainingCurvesFigure, type RunHistory, type TrainingCurvesGeometry } from '../../../figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure } from '../../../figures/uniformityToleranceFigure';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations } from '../explanations';
import { markerUnderPointer, stepUnderPointer } from '../hover';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

/** The training curves and the uniformity–tolerance path: the runs drawn and the step hovered in either. */
interface TrainingCardProps extends CardProps {
  readonly runs: readonly RunHistory[];
  /** The main run's history, which the export writes out. */
  readonly history: readonly HistoryPoint[];
  readonly hoverStep: number | null;
  /** The step under the pointer (null: none), which both figures mark. */
  readonly onHover: (step: number | null) => void;
}

const wideHeight = (width: number): number => Math.round(Math.min(460, Math.max(380, width * 0.5)));
const svgOf = (element: HTMLElement): SVGSVGElement | null => element.querySelector('svg');

export function TrainingCurvesCard({ runs, history, hoverStep, onHover, theme, showExplanation }: TrainingCardProps) {
  const render: CardRender<TrainingCurvesGeometry> = useCallback(
    (doc, size, exportTheme) => drawTrainingCurvesFigure(doc, { runs, hoverStep: exportTheme ? null : hoverStep }, { ...size, theme: exportTheme ?? theme }),
    [runs, hoverStep, theme],
  );
  const geometry = useRef<TrainingCurvesGeometry>(null);
  return (
    <FigureCard explanation={explanations.curves} show={showExplanation} wide exportSpec={labFigureExports.curves(render, wideHeight, history)} classroomHidden>
      <FigureView
        render={render}
        geometry={geometry}
        heightFor={wideHeight}
        data-figure="training-curves"
        onPointerMove={(e) => {
          const svg = svgOf(e.currentTarget);
          onHover(svg && geometry.current && stepUnderPointer(svg, geometry.current, e.clientX, e.clientY));
        }}
        onPointerLeave={() => onHover(null)}
      />
    </FigureCard>
  );
}

/** `unlabelled`: the run's data has no labels, so it has no tolerance (the empty plot says so). */
export function UniformityToleranceCard({ runs, history, hoverStep, onHover, unlabelled, theme, showExplanation }: TrainingCardProps & { readonly unlabelled?: boolean }) {
  const render: CardRender = useCallback(
    (doc, size, exportTheme) => renderUniformityToleranceFigure(doc, { runs, unlabelled, hoverStep: exportTheme ? null : hoverStep }, { ...size, theme: exportTheme ?? theme }),
    [runs, unlabelled, hoverStep, theme],
  );
  return (
    <FigureCard explanation={explanations.uniformityTolerance} show={showExplanation} exportSpec={labFigureExports.trajectory(render, defaultHeight, history)}>
      <FigureView
        render={render}
        data-figure="uniformity-tolerance"
        onPointerMove={(e) => {
          const svg = svgOf(e.currentTarget);
          onHover(svg && markerUnderPointer(svg, e.clientX, e.clientY));
        }}
        onPointerLeave={() => onHover(null)}
      />
    </FigureCard>
  );
}
