import { useEffect, useMemo, useState } from 'react';
import { formatTemperatureSpec, variesPerSample, type Temperature } from '../../core/temperature';
import { TrainedTemperatureNote } from '../lab/cards/SampleTemperatureCard';
import type { CurveSet } from '../../figures/similarityCurves';
import type { Theme } from '../../figures/theme';
import type { LoadedAnalysis, ProjectionKind } from '../../state/byo';
import { EmbeddingCard } from '../lab/cards/EmbeddingCard';
import { FigureCard, Placeholder } from '../lab/cards/FigureCard';
import { GradientCard } from '../lab/cards/GradientCard';
import { LogitCard } from '../lab/cards/LogitCard';
import { PairsCard } from '../lab/cards/PairsCard';
import { TemperatureCard } from '../lab/cards/TemperatureCard';
import { explanations } from '../lab/explanations';
import { labelledCurve } from '../studio/studioState';
import { MetricsTable } from './MetricsTable';
import { ProjectionPicker, umapStatus } from './ProjectionPicker';

interface LoadedFigureGridProps {
  readonly loaded: LoadedAnalysis;
  readonly temperature: Temperature;
  /** The studio's curves; the current one is redrawn at the loaded data's context (step 0, its alignment). */
  readonly curves: CurveSet;
  readonly theme: Theme;
  readonly showExplanations: boolean;
  readonly onRequestUmap: () => void;
}

const LABEL = 'loaded';
const count = (n: number): string => n.toLocaleString('en-US');

const loadedExplanations = {
  temperature: {
    text: 'τ(s) over the loaded embeddings’ pairs: where their positives (TP), same-class negatives (FN) and other-class negatives (TN) sit under the curve, and the mean τ each type would receive.',
    formula: explanations.temperature.formula,
  },
  gradient: {
    text: 'How hard the loss would push each negative of a batch drawn from the loaded embeddings (128 samples, both views, like a training batch), and the relative penalty against the pull on the positive.',
    formula: explanations.gradient.formula,
  },
  pairs: { text: 'Cosine similarity of the loaded pairs by type; the earth mover’s distance W₁ says how far apart two distributions are.' },
  metrics: { text: 'The analyzer’s metrics over every pair of the loaded embeddings; the loss follows the temperature controls.' },
  embedding: { text: 'A random subsample of view 1, coloured by class: its first two principal components, or UMAP (computed in the background on request).' },
} as const;

const Waiting = ({ name, what }: { readonly name: string; readonly what: string }) => <Placeholder name={name}>{what}</Placeholder>;

/**
 * Every analysis figure of the lab, fed from loaded embeddings instead of a training batch: sampled pairs by
 * type under τ(s), the logit, the gradient profile of a sampled batch, the pair distributions, the
 * analyzer's metrics and the embedding (PCA or UMAP of a subsample). The same cards as the lab's.
 */
export function LoadedFigureGrid({ loaded, temperature, curves, theme, showExplanations, onRequestUmap }: LoadedFigureGridProps) {
  const { summary, pairs, batch } = loaded;
  const [projectionKind, setProjectionKind] = useState<ProjectionKind>('pca');
  const context = useMemo(() => ({ step: 0, alignment: batch?.alignment ?? 0 }), [batch]);
  const loadedCurves = useMemo(() => ({ current: labelledCurve(temperature, context), pins: curves.pins }), [temperature, context, curves.pins]);
  const spec = formatTemperatureSpec(temperature.setting);

  const sampledNote = pairs
    ? pairs.sampled
      ? `a uniform sample of ≤ ${count(Math.max(pairs.pairs.truePositive.length, pairs.pairs.falseNegative.length, pairs.pairs.trueNegative.length))} pairs per type of ${count(pairs.total.truePositive + pairs.total.falseNegative + pairs.total.trueNegative)}`
      : 'every pair'
    : '';
  const unlabelled = summary.classes === 0;
  const subtitle = `loaded · ${count(summary.n)} × ${summary.dim}${sampledNote ? ` · ${sampledNote}` : ''}${unlabelled ? ' · no labels' : ''}`;
  const pairsData = useMemo(() => pairs && { snapshot: { step: 0, batch: { pairs: pairs.pairs, distances: pairs.distances } }, unlabelled }, [pairs, unlabelled]);

  useEffect(() => {
    if (projectionKind === 'umap') onRequestUmap();
  }, [projectionKind, onRequestUmap]);
  const shown = projectionKind === 'umap' ? loaded.umap : loaded.pca;
  const embedding = useMemo(
    () => shown && { dim: summary.dim, points: [], labels: shown.labels, projection: { ...shown.projection, neighbors: 15 }, sampleOf: summary.n },
    [shown, summary],
  );
  const projectionPoints = loaded.pca?.labels.length;
  const shared = { theme, showExplanation: showExplanations };

  return (
    <div className="figure-grid" data-source="loaded">
      {variesPerSample(temperature.family) ? (
        // A τ trained per sample lives in a training run: loaded embeddings carry no τ_i to show.
        <TrainedTemperatureNote name={`${temperature.family.label}: no curve τ(s)`} figure="temperature" showExplanation={showExplanations} />
      ) : (
        <>
          <TemperatureCard
            curves={loadedCurves}
            pairs={pairs?.pairs}
            unlabelled={unlabelled}
            subtitle={subtitle}
            placeholder={pairs ? undefined : <Waiting name="Temperature over the pairs" what="sampling pairs…" />}
            explanation={loadedExplanations.temperature}
            {...shared}
          />
          <LogitCard curves={loadedCurves} temperature={temperature} context={context} {...shared} />
          <GradientCard
            similarity={batch?.similarity}
            label={LABEL}
            temperature={temperature}
            context={context}
            subtitle={batch ? `loaded · a batch of ${count(batch.rows / 2)} sampled samples, both views` : undefined}
            placeholder={<Waiting name="Gradient on negatives" what={batch === null ? 'needs two views (view 2 pairs with view 1).' : 'sampling a batch…'} />}
            explanation={loadedExplanations.gradient}
            {...shared}
          />
        </>
      )}
      <PairsCard data={pairsData} subtitle={subtitle} placeholder={<Waiting name="Similarity by pair type" what="sampling pairs…" />} explanation={loadedExplanations.pairs} {...shared} />
      <FigureCard explanation={loadedExplanations.metrics} show={showExplanations}>
        <MetricsTable loaded={loaded} temperatureSpec={spec} />
      </FigureCard>
      <EmbeddingCard
        data={embedding}
        subtitle={`loaded · ${count(summary.n)} × ${summary.dim}`}
        picker={<ProjectionPicker value={projectionKind} onChange={setProjectionKind} status={umapStatus(loaded.umapProgress, projectionPoints)} />}
        placeholder={<Waiting name="Embedding" what={projectionKind === 'umap' ? 'UMAP is computed in the background…' : 'projecting…'} />}
        explanation={loadedExplanations.embedding}
        {...shared}
      />
    </div>
  );
}
