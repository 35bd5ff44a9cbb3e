import { useCallback, useMemo, type ReactNode } from 'react';
import type { HistoryPoint } from '../../../core/config';
import type { Snapshot } from '../../../core/trainer/snapshot';
import { labFigureExports } from '../../../export/labFigures';
import { renderSampleTemperatureFigure, tauQuantileHistory, type SampleTemperatureData } from '../../../figures/sampleTemperatureFigure';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations } from '../explanations';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

interface SampleTemperatureCardProps extends CardProps {
  readonly snapshot: Snapshot | undefined;
  readonly history: readonly HistoryPoint[];
  readonly classNames?: readonly string[];
  readonly subtitle?: string;
  readonly placeholder: ReactNode;
}

const tallHeight = (width: number): number => defaultHeight(width) + 120;

/** τ_i over samples for temperatures trained per sample or predicted per input: the strip by class and the quantiles over training. */
export function SampleTemperatureCard({ snapshot, history, classNames, subtitle, placeholder, theme, showExplanation }: SampleTemperatureCardProps) {
  const quantiles = useMemo(() => tauQuantileHistory(history), [history]);
  const data: SampleTemperatureData | undefined = useMemo(
    () => (snapshot?.sampleTau ? { step: snapshot.step, samples: snapshot.sampleTau, history: quantiles, ...(classNames ? { classNames } : {}) } : undefined),
    [snapshot, quantiles, classNames],
  );
  const render: CardRender = useCallback(
    (doc, size, exportTheme) => renderSampleTemperatureFigure(doc, data!, { ...size, theme: exportTheme ?? theme, subtitle }),
    [data, theme, subtitle],
  );
  const exportSpec = data && labFigureExports.sampleTemperatures(render, tallHeight, data);
  return (
    <FigureCard explanation={explanations.sampleTemperatures} show={showExplanation} exportSpec={exportSpec}>
      {data ? <FigureView render={render} heightFor={tallHeight} data-figure="sample-temperatures" /> : placeholder}
    </FigureCard>
  );
}

/** Where the τ(s) figures would be: why a temperature trained per sample has no curve to draw. */
export function TrainedTemperatureNote({ name, figure, actions, showExplanation }: { readonly name: string; readonly figure: string; readonly actions?: ReactNode; readonly showExplanation: boolean }) {
  return (
    <FigureCard explanation={explanations.trainedTemperature} show={showExplanation}>
      <div className="figure placeholder" data-placeholder-for={figure} style={{ minHeight: 120, flexDirection: 'column', gap: 12 }}>
        <p>
          <strong>{name}</strong>
          <br />
          τ is not a function of the similarity here: its distribution over samples is in “Per-sample temperatures”.
        </p>
        {actions}
      </div>
    </FigureCard>
  );
}
