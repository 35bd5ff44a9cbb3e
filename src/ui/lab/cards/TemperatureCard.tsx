import { useCallback, useMemo, useRef, type ReactNode } from 'react';
import type { Temperature, TemperatureContext } from '../../../core/temperature';
import { labFigureExports, type LabFigureState } from '../../../export/labFigures';
import {
  drawBatchUnderTemperatureFigure,
  moveCurrentCurve,
  prepareBatchUnderTemperatureFigure,
  type BatchUnderTemperatureData,
  type TemperatureCurveGeometry,
} from '../../../figures/batchUnderTemperatureFigure';
import type { CurveSet } from '../../../figures/similarityCurves';
import { renderTemperatureFigure } from '../../../figures/temperatureFigure';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations, type Explanation } from '../explanations';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

interface TemperatureCardProps extends CardProps {
  readonly curves: CurveSet;
  /** The pairs drawn under τ(s) (a training batch, loaded pairs); without them, the curves alone. */
  readonly pairs?: BatchUnderTemperatureData['pairs'];
  /** The run's data has no labels: its pairs are positives and negatives only. */
  readonly unlabelled?: boolean;
  readonly subtitle?: string;
  /** Shown instead of the figure while its data is on the way. */
  readonly placeholder?: ReactNode;
  readonly explanation?: Explanation;
  /** What the export describes besides the curves; no export buttons without it. */
  readonly exportAs?: { readonly temperature: Temperature; readonly context: TemperatureContext<number>; readonly batch: LabFigureState['batch'] };
  readonly actions?: ReactNode;
}

/** τ(s) with its pinned curves and, once there are pairs, where they sit under it. */
export function TemperatureCard({ curves, pairs, unlabelled, subtitle, placeholder, explanation = explanations.temperature, exportAs, actions, theme, showExplanation }: TemperatureCardProps) {
  const geometry = useRef<TemperatureCurveGeometry>(null);
  const render: CardRender<TemperatureCurveGeometry> = useCallback(
    (doc, size, exportTheme) =>
      pairs
        ? drawBatchUnderTemperatureFigure(doc, { curves, pairs, unlabelled }, { ...size, theme: exportTheme ?? theme, subtitle })
        : renderTemperatureFigure(doc, curves, { ...size, theme: exportTheme ?? theme }),
    [pairs, unlabelled, curves, theme, subtitle],
  );
  const prepare = useMemo(() => (pairs ? [() => prepareBatchUnderTemperatureFigure({ curves, pairs, unlabelled })] : undefined), [pairs, unlabelled, curves]);
  // While training, a τ slider moves the drawn curve at once; the figure without pairs is cheap to rebuild.
  const moveInPlace = useCallback((svg: SVGSVGElement) => pairs !== undefined && geometry.current !== null && moveCurrentCurve(svg, geometry.current, curves), [pairs, curves]);
  const exportSpec = exportAs && labFigureExports.temperature(render, defaultHeight, { curves, ...exportAs });
  return (
    <FigureCard explanation={explanation} show={showExplanation} exportSpec={exportSpec} actions={actions}>
      {placeholder ?? <FigureView render={render} geometry={geometry} prepare={prepare} userInput={curves} moveInPlace={moveInPlace} data-figure="temperature" />}
    </FigureCard>
  );
}
