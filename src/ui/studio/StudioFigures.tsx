import { useCallback, useMemo } from 'react';
import { logitMonotonicity } from '../../core/analysis';
import type { Temperature } from '../../core/temperature';
import { renderLogitFigure, type TemperatureRatio } from '../../figures/logitFigure';
import type { CurveSet } from '../../figures/similarityCurves';
import { renderTemperatureFigure } from '../../figures/temperatureFigure';
import type { Theme } from '../../figures/theme';
import { FigureView, type FigureSize } from '../FigureView';
import type { StudioContext } from './contextSliders';

interface StudioFiguresProps {
  readonly temperature: Temperature;
  readonly context: StudioContext;
  readonly curves: CurveSet;
  readonly theme: Theme;
}

/** τmax/τmin for families that have both; how wide the temperature range is drives monotonicity. */
function temperatureRatio({ family, params }: Temperature): TemperatureRatio | undefined {
  const low = family.params.find((p) => p.key === 'tmin');
  const high = family.params.find((p) => p.key === 'tmax');
  if (!low || !high) return undefined;
  return { label: `${high.label}/${low.label}`, value: params.tmax! / params.tmin! };
}

export function StudioFigures({ temperature, context, curves, theme }: StudioFiguresProps) {
  const decreasing = useMemo(() => logitMonotonicity(temperature, context).decreasing, [temperature, context]);
  const ratio = useMemo(() => temperatureRatio(temperature), [temperature]);

  const renderTemperature = useCallback(
    (doc: Document, size: FigureSize) => renderTemperatureFigure(doc, curves, { ...size, theme }),
    [curves, theme],
  );
  const renderLogit = useCallback(
    (doc: Document, size: FigureSize) => renderLogitFigure(doc, { ...curves, decreasing, ratio }, { ...size, theme }),
    [curves, decreasing, ratio, theme],
  );

  return (
    <div className="figures">
      <FigureView render={renderTemperature} />
      <FigureView render={renderLogit} />
    </div>
  );
}
