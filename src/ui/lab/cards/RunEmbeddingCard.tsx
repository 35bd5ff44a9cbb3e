import { useMemo, useState } from 'react';
import type { RunState } from '../../../state/run';
import { embeddingWithPairs } from '../../../state/view';
import { ProjectionPicker, umapStatus } from '../../byo/ProjectionPicker';
import { useRunUmap } from '../../byo/useRunUmap';
import { stepText } from '../../format';
import { EmbeddingCard } from './EmbeddingCard';
import { BeforeFirstStep, type CardProps } from './FigureCard';

interface RunEmbeddingCardProps extends CardProps {
  readonly run: RunState;
}

/**
 * The run's held-out embedding: PCA or (above three dimensions) UMAP computed in the background, the two
 * views of the first samples linked on request, and each point's sample under the pointer.
 */
export function RunEmbeddingCard({ run, theme, showExplanation }: RunEmbeddingCardProps) {
  const snapshot = run.latest;
  const classNames = run.info?.datasetSummary.classNames;
  const [linkPairs, setLinkPairs] = useState(false);
  const [projectionKind, setProjectionKind] = useState<'pca' | 'umap'>('pca');
  const umapShown = projectionKind === 'umap' && (snapshot?.embedding.dim ?? 0) > 3;
  const umap = useRunUmap(snapshot?.embedding && { step: snapshot.step, ...snapshot.embedding }, umapShown, run.running);
  const umapData = useMemo(
    () => (umapShown && umap.projection && umap.labels ? { projection: umap.projection, labels: umap.labels } : undefined),
    [umapShown, umap.projection, umap.labels],
  );
  // UMAP places only the held-out points, so pairs are linked on the other views.
  const data = useMemo(
    () => (snapshot ? { ...embeddingWithPairs(snapshot.embedding, linkPairs && !umapShown), ...umapData, classNames } : undefined),
    [snapshot, linkPairs, umapShown, umapData, classNames],
  );
  const subtitle = umapData ? (umap.step !== undefined ? `UMAP at ${stepText(umap.step)}` : undefined) : snapshot ? stepText(snapshot.step) : undefined;
  // The positions the figure draws: UMAP when shown.
  const exportAs = useMemo(
    () => snapshot && { embedding: { ...snapshot.embedding, ...(umapData ? { projection: umapData.projection } : {}) }, classNames },
    [snapshot, umapData, classNames],
  );
  const samples = useMemo(() => snapshot && { labels: snapshot.embedding.labels, classNames, images: run.info?.samples }, [snapshot, classNames, run.info?.samples]);

  return (
    <EmbeddingCard
      data={data}
      subtitle={subtitle}
      placeholder={<BeforeFirstStep name="Embedding" figure="embedding" />}
      picker={
        (snapshot?.embedding.dim ?? 0) > 3 && (
          <ProjectionPicker value={projectionKind} onChange={setProjectionKind} status={umap.error ?? umapStatus(umap.progress, undefined)} />
        )
      }
      rotatable={snapshot?.embedding.dim === 3}
      samples={samples}
      exportAs={exportAs}
      theme={theme}
      showExplanation={showExplanation}
    >
      {snapshot && (
        <label className="figure-option">
          <input type="checkbox" checked={linkPairs} disabled={umapShown} onChange={(e) => setLinkPairs(e.target.checked)} />
          Link positive pairs (two views of the first {snapshot.embedding.views.pairs} held-out samples)
        </label>
      )}
    </EmbeddingCard>
  );
}
