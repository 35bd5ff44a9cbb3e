import { useCallback, useEffect, useMemo, useState } from 'react';
import { logitMonotonicity, negativeProfile, type NegativeProfile } from '../../core/analysis';
import { formatTemperatureSpec, type Temperature } from '../../core/temperature';
import { renderBatchUnderTemperatureFigure } from '../../figures/batchUnderTemperatureFigure';
import { renderEmbeddingFigure } from '../../figures/embeddingFigure';
import { renderGradientProfileFigure } from '../../figures/gradientProfileFigure';
import { renderLogitFigure } from '../../figures/logitFigure';
import { renderPairDistributionsFigure } from '../../figures/pairDistributionsFigure';
import type { CurveSet } from '../../figures/similarityCurves';
import type { Theme } from '../../figures/theme';
import type { LoadedAnalysis, ProjectionKind } from '../../state/byo';
import { defaultHeight, FigureView, type FigureSize } from '../FigureView';
import { explanations } from '../lab/explanations';
import { FigureCard } from '../lab/FigureGrid';
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

function Waiting({ name, what }: { readonly name: string; readonly what: string }) {
  return (
    <div className="figure placeholder" style={{ minHeight: defaultHeight(400) }}>
      <p>
        <strong>{name}</strong>
        <br />
        {what}
      </p>
    </div>
  );
}

/**
 * Every analysis figure of the lab, fed from loaded embeddings instead of a training batch: sampled pairs by
 * type under τ(s), the logit, the gradient profile of a sampled batch, the pair distributions, the
 * analyzer's metrics and the embedding (PCA or UMAP of a subsample).
 */
export function LoadedFigureGrid({ loaded, temperature, curves, theme, showExplanations, onRequestUmap }: LoadedFigureGridProps) {
  const { summary, pairs, batch } = loaded;
  const [projectionKind, setProjectionKind] = useState<ProjectionKind>('pca');
  const context = useMemo(() => ({ step: 0, alignment: batch?.alignment ?? 0 }), [batch]);
  const loadedCurves = useMemo(() => ({ current: labelledCurve(temperature, context), pins: curves.pins }), [temperature, context, curves.pins]);
  const decreasing = useMemo(() => logitMonotonicity(temperature, context).decreasing, [temperature, context]);
  const spec = formatTemperatureSpec(temperature.setting);

  const sampledNote = pairs
    ? pairs.sampled
      ? `a uniform sample of ≤ ${count(Math.max(pairs.pairs.truePositive.length, pairs.pairs.falseNegative.length, pairs.pairs.trueNegative.length))} pairs per type of ${count(pairs.total.truePositive + pairs.total.falseNegative + pairs.total.trueNegative)}`
      : 'every pair'
    : '';
  const subtitle = `loaded · ${count(summary.n)} × ${summary.dim}${sampledNote ? ` · ${sampledNote}` : ''}${summary.classes === 0 ? ' · no labels: every negative counted as TN' : ''}`;

  const renderTemperature = useCallback(
    (doc: Document, size: FigureSize) => renderBatchUnderTemperatureFigure(doc, { curves: loadedCurves, pairs: pairs!.pairs }, { ...size, theme, subtitle }),
    [loadedCurves, pairs, theme, subtitle],
  );
  const renderLogit = useCallback(
    (doc: Document, size: FigureSize) => renderLogitFigure(doc, { ...loadedCurves, decreasing }, { ...size, theme }),
    [loadedCurves, decreasing, theme],
  );
  const profile = useMemo(() => {
    if (!batch) return null;
    let cached: NegativeProfile | undefined;
    return () => (cached ??= negativeProfile(batch.similarity, batch.rows, temperature, context));
  }, [batch, temperature, context]);
  const prepareProfile = useMemo(() => [() => void profile?.()], [profile]);
  const renderGradient = useCallback(
    (doc: Document, size: FigureSize) =>
      renderGradientProfileFigure(doc, { runs: [{ label: LABEL, colorIndex: 0, profile: profile!() }] }, { ...size, theme, subtitle: `loaded · a batch of ${count(batch!.rows / 2)} sampled samples, both views` }),
    [profile, batch, theme],
  );
  const renderPairs = useCallback(
    (doc: Document, size: FigureSize) =>
      renderPairDistributionsFigure(doc, { snapshot: { step: 0, batch: { pairs: pairs!.pairs, distances: pairs!.distances } } }, { ...size, theme, subtitle }),
    [pairs, theme, subtitle],
  );

  useEffect(() => {
    if (projectionKind === 'umap') onRequestUmap();
  }, [projectionKind, onRequestUmap]);
  const shown = projectionKind === 'umap' ? loaded.umap : loaded.pca;
  const renderEmbedding = useCallback(
    (doc: Document, size: FigureSize) =>
      renderEmbeddingFigure(
        doc,
        { dim: summary.dim, points: [], labels: shown!.labels, projection: { ...shown!.projection, neighbors: 15 }, sampleOf: summary.n },
        { ...size, theme, subtitle: `loaded · ${count(summary.n)} × ${summary.dim}` },
      ),
    [shown, summary, theme],
  );
  const projectionPoints = loaded.pca?.labels.length;

  return (
    <div className="figure-grid" data-source="loaded">
      <FigureCard explanation={loadedExplanations.temperature} show={showExplanations}>
        {pairs ? <FigureView render={renderTemperature} data-figure="temperature" /> : <Waiting name="Temperature over the pairs" what="sampling pairs…" />}
      </FigureCard>
      <FigureCard explanation={explanations.logit} show={showExplanations}>
        <FigureView render={renderLogit} data-figure="logit" />
      </FigureCard>
      <FigureCard explanation={loadedExplanations.gradient} show={showExplanations}>
        {batch ? (
          <FigureView render={renderGradient} prepare={prepareProfile} data-figure="gradient" />
        ) : (
          <Waiting name="Gradient on negatives" what={batch === null ? 'needs two views (view 2 pairs with view 1).' : 'sampling a batch…'} />
        )}
      </FigureCard>
      <FigureCard explanation={loadedExplanations.pairs} show={showExplanations} classroomHidden>
        {pairs ? <FigureView render={renderPairs} data-figure="pairs" /> : <Waiting name="Similarity by pair type" what="sampling pairs…" />}
      </FigureCard>
      <FigureCard explanation={loadedExplanations.metrics} show={showExplanations}>
        <MetricsTable loaded={loaded} temperatureSpec={spec} />
      </FigureCard>
      <FigureCard explanation={loadedExplanations.embedding} show={showExplanations}>
        <ProjectionPicker value={projectionKind} onChange={setProjectionKind} status={umapStatus(loaded.umapProgress, projectionPoints)} />
        {shown ? (
          <FigureView render={renderEmbedding} data-figure="embedding" />
        ) : (
          <Waiting name="Embedding" what={projectionKind === 'umap' ? 'UMAP is computed in the background…' : 'projecting…'} />
        )}
      </FigureCard>
    </div>
  );
}
