import { useCallback, useMemo, type ReactNode } from 'react';
import { labFigureExports } from '../../../export/labFigures';
import { preparePairDistributionsFigure, renderPairDistributionsFigure, type PairDistributionsData } from '../../../figures/pairDistributionsFigure';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations, type Explanation } from '../explanations';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

interface PairsCardProps extends CardProps {
  /** Absent: the placeholder. */
  readonly data: PairDistributionsData | undefined;
  readonly subtitle?: string;
  readonly placeholder: ReactNode;
  readonly explanation?: Explanation;
  /** What the export describes; no export buttons without it. */
  readonly exportAs?: Parameters<typeof labFigureExports.pairs>[2];
}

const NARROW_WIDTH = 400;
const NARROW_EXTRA_HEIGHT = 110;

/** Similarity by pair type and the distances between the types, with their history when there is one. */
export function PairsCard({ data, subtitle, placeholder, explanation = explanations.pairs, exportAs, theme, showExplanation }: PairsCardProps) {
  const prepare = useMemo(() => (data ? [() => preparePairDistributionsFigure(data)] : undefined), [data]);
  const render: CardRender = useCallback(
    (doc, size, exportTheme) => renderPairDistributionsFigure(doc, data!, { ...size, theme: exportTheme ?? theme, subtitle }),
    [data, theme, subtitle],
  );
  // Each run after the first adds a row to the distances panel's key: the figure grows by as much. On a phone the
  // pair and distance legends wrap to five rows, which would leave the histograms a sliver: it grows by those rows.
  const extraRuns = Math.max(0, (data?.history?.length ?? 1) - 1);
  const heightFor = useCallback((width: number) => defaultHeight(width) + 22 * extraRuns + (width < NARROW_WIDTH ? NARROW_EXTRA_HEIGHT : 0), [extraRuns]);
  const exportSpec = exportAs && labFigureExports.pairs(render, defaultHeight, exportAs);
  return (
    <FigureCard explanation={explanation} show={showExplanation} exportSpec={exportSpec} classroomHidden>
      {data ? <FigureView render={render} prepare={prepare} heightFor={heightFor} data-figure="pairs" /> : placeholder}
    </FigureCard>
  );
}
