import { useCallback, useMemo } from 'react';
import { logitMonotonicity } from '../../../core/analysis';
import type { Temperature, TemperatureContext } from '../../../core/temperature';
import { labFigureExports } from '../../../export/labFigures';
import { renderLogitFigure, type TemperatureRatio } from '../../../figures/logitFigure';
import type { CurveSet } from '../../../figures/similarityCurves';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations } from '../explanations';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

interface LogitCardProps extends CardProps {
  readonly curves: CurveSet;
  /** The current curve's temperature and where it is evaluated, for the shaded non-monotonic bands. */
  readonly temperature: Temperature;
  readonly context: TemperatureContext<number>;
  /** Say τmax/τmin beside the monotonicity message. */
  readonly showRatio?: boolean;
  readonly exportable?: boolean;
  /** SigLIP's logit (each under its own sigmoid) rather than NT-Xent's softmax. */
  readonly sigmoid?: boolean;
}

/** τmax/τmin for families that have both; how wide the temperature range is drives monotonicity. */
export function temperatureRatio({ family, params }: Temperature): TemperatureRatio | undefined {
  const low = family.params.find((p) => p.key === 'tmin');
  const high = family.params.find((p) => p.key === 'tmax');
  if (!low || !high) return undefined;
  return { label: `${high.label}/${low.label}`, value: params.tmax! / params.tmin! };
}

/** The effective logit s/τ(s), shaded where it decreases. */
export function LogitCard({ curves, temperature, context, showRatio, exportable, sigmoid, theme, showExplanation }: LogitCardProps) {
  const decreasing = useMemo(() => logitMonotonicity(temperature, context).decreasing, [temperature, context]);
  const ratio = useMemo(() => (showRatio ? temperatureRatio(temperature) : undefined), [showRatio, temperature]);
  const render: CardRender = useCallback(
    (doc, size, exportTheme) => renderLogitFigure(doc, { ...curves, decreasing, ratio }, { ...size, theme: exportTheme ?? theme }),
    [curves, decreasing, ratio, theme],
  );
  const exportSpec = exportable ? labFigureExports.logit(render, defaultHeight, { curves, temperature, context, decreasing }) : undefined;
  return (
    <FigureCard explanation={sigmoid ? explanations.logitSigmoid : explanations.logit} show={showExplanation} exportSpec={exportSpec}>
      <FigureView render={render} userInput={curves} data-figure="logit" />
    </FigureCard>
  );
}
