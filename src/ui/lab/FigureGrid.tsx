import { useCallback, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { logitMonotonicity, negativeProfileInParts, type NegativeProfile } from '../../core/analysis';
import type { Temperature } from '../../core/temperature';
import { prepareBatchUnderTemperatureFigure, renderBatchUnderTemperatureFigure } from '../../figures/batchUnderTemperatureFigure';
import { DEFAULT_VIEW, drawEmbeddingFigure, prepareEmbeddingFigure, projectEmbedding, type EmbeddingPlot, type EmbeddingProjection, type EmbeddingView } from '../../figures/embeddingFigure';
import { prepareGradientProfileFigure, renderGradientProfileFigure } from '../../figures/gradientProfileFigure';
import { renderLogitFigure, type TemperatureRatio } from '../../figures/logitFigure';
import { preparePairDistributionsFigure, renderPairDistributionsFigure } from '../../figures/pairDistributionsFigure';
import type { CurveSet } from '../../figures/similarityCurves';
import { renderTemperatureFigure } from '../../figures/temperatureFigure';
import type { Theme } from '../../figures/theme';
import { drawTrainingCurvesFigure, nearestStep, type RunHistory, type TrainingCurvesGeometry } from '../../figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure } from '../../figures/uniformityToleranceFigure';
import type { RunOverlay } from '../../state/compare';
import type { RunState } from '../../state/run';
import { BATCH_FIGURE_RATE } from '../../state/pacing';
import { dragView, embeddingWithPairs, keyView } from '../../state/view';
import { defaultHeight, FigureView, type FigureSize } from '../FigureView';
import type { StudioContext } from '../studio/contextSliders';
import { overlayProfile } from '../compare/overlayCurves';
import { useThrottled } from '../useThrottled';
import type { LossSettings } from '../../core/temperature/pytorch';
import type { FigureExportSpec } from '../../export/figureExport';
import { figureExports } from '../../export/labFigures';
import { ExportActions } from './ExportActions';
import { ExportPyTorch } from './ExportPyTorch';
import { ProjectionPicker, umapStatus } from '../byo/ProjectionPicker';
import { useRunUmap } from '../byo/useRunUmap';
import { explanations, type Explanation } from './explanations';
import { markerUnderPointer, pointUnderPointer, stepUnderPointer } from './hover';
import { SampleTooltip, type HoveredSample } from './SampleTooltip';

interface FigureGridProps {
  readonly run: RunState;
  readonly temperature: Temperature;
  /** Where τ is evaluated: the run's step and batch alignment once there is a run. */
  readonly context: StudioContext;
  readonly curves: CurveSet;
  readonly theme: Theme;
  readonly showExplanations: boolean;
  /** The loss options the PyTorch snippet takes as defaults. */
  readonly loss: LossSettings;
  /** Pinned and compared runs, drawn with the main run in the training figures. */
  readonly overlays?: readonly RunOverlay[];
}

const NO_OVERLAYS: readonly RunOverlay[] = [];

const RUN_LABEL = 'this run';
/**
 * The batch's softmax for the gradient figure is spread over this many tasks: an eighth of a 256-row batch
 * takes ~3 ms, and under 25 ms before the JIT has warmed up, right after Play.
 */
const PROFILE_PARTS = 8;
const wideHeight = (width: number): number => Math.round(Math.min(460, Math.max(380, width * 0.5)));
const stepText = (step: number): string => `step ${step.toLocaleString('en-US')}`;

/** τmax/τmin for families that have both; how wide the temperature range is drives monotonicity. */
function temperatureRatio({ family, params }: Temperature): TemperatureRatio | undefined {
  const low = family.params.find((p) => p.key === 'tmin');
  const high = family.params.find((p) => p.key === 'tmax');
  if (!low || !high) return undefined;
  return { label: `${high.label}/${low.label}`, value: params.tmax! / params.tmin! };
}

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

/** Where a figure that needs a snapshot will be, until there is one. */
function Placeholder({ name, figure }: { readonly name: string; readonly figure: string }) {
  return (
    <div className="figure placeholder" data-placeholder-for={figure} style={{ minHeight: defaultHeight(400) }}>
      <p>
        <strong>{name}</strong>
        <br />
        appears after the first training step: press Play or Step.
      </p>
    </div>
  );
}

/**
 * The lab's figures, each a pure figure function bound to the newest state. τ-dependent figures follow the
 * temperature controls from the cached batch at once; the training curves and the uniformity–tolerance
 * plane share the hovered step; the sphere turns under the pointer and the arrow keys.
 */
export function FigureGrid({ run, temperature, context, curves, theme, showExplanations, loss, overlays = NO_OVERLAYS }: FigureGridProps) {
  const snapshot = run.latest;
  const batchRun = useThrottled(run, run.running ? 1000 / BATCH_FIGURE_RATE : 0);
  const batch = batchRun.latest;
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const [view, setView] = useState<EmbeddingView>(DEFAULT_VIEW);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const history = run.history.points;
  const recorded = run.recorded;
  // The main run leaves the legend while it has no history and other runs are shown; an opened run file
  // takes the next colour after the overlays.
  const runs: readonly RunHistory[] = useMemo(() => {
    const others: RunHistory[] = [...overlays];
    if (recorded) others.push({ label: recorded.label, colorIndex: Math.max(0, ...overlays.map((o) => o.colorIndex)) + 1, history: recorded.history });
    return [...(history.length > 0 || others.length === 0 ? [{ label: RUN_LABEL, colorIndex: 0, history }] : []), ...others];
  }, [history, overlays, recorded]);
  const subtitle = snapshot ? stepText(snapshot.step) : undefined;
  const batchSubtitle = batch ? stepText(batch.step) : undefined;
  const decreasing = useMemo(() => logitMonotonicity(temperature, context).decreasing, [temperature, context]);
  const ratio = useMemo(() => temperatureRatio(temperature), [temperature]);

  // The 2B×2B softmax is computed only when the figure is drawn, once per batch and τ, in parts (see
  // prepareGradient).
  const profileParts = useMemo(() => {
    if (!batch) return null;
    const rows = Math.round(Math.sqrt(batch.batch.similarity.length));
    return { rows, parts: negativeProfileInParts(batch.batch.similarity, rows, temperature, context) };
  }, [batch, temperature, context]);
  const profile = useMemo(() => profileParts && ((): NegativeProfile => profileParts.parts.result()), [profileParts]);

  const renderTemperature = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) =>
      batch
        ? renderBatchUnderTemperatureFigure(doc, { curves, pairs: batch.batch.pairs }, { ...size, theme: exportTheme ?? theme, subtitle: batchSubtitle })
        : renderTemperatureFigure(doc, curves, { ...size, theme: exportTheme ?? theme }),
    [batch, curves, theme, batchSubtitle],
  );
  const prepareTemperature = useMemo(() => (batch ? [() => prepareBatchUnderTemperatureFigure({ curves, pairs: batch.batch.pairs })] : undefined), [batch, curves]);
  const renderLogit = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) => renderLogitFigure(doc, { ...curves, decreasing, ratio }, { ...size, theme: exportTheme ?? theme }),
    [curves, decreasing, ratio, theme],
  );
  const gradientOverlays = useMemo(() => overlays.filter((o) => o.batches.length > 0), [overlays]);
  // Overlaid runs' profiles: computed when the figure is drawn, once per overlay set and τ.
  const overlayProfiles = useMemo(() => {
    let cached: { label: string; colorIndex: number; profile: NegativeProfile }[] | undefined;
    return () =>
      (cached ??= gradientOverlays.flatMap((o) => {
        const p = overlayProfile(o, context);
        return p ? [{ label: o.label, colorIndex: o.colorIndex, profile: p }] : [];
      }));
  }, [gradientOverlays, context]);
  const gradientRuns = useCallback(
    () => [...(profile ? [{ label: RUN_LABEL, colorIndex: 0, profile: profile() }] : []), ...overlayProfiles()],
    [profile, overlayProfiles],
  );
  // The softmax in PROFILE_PARTS parts (the last one with the overlays), then the binned means, each in a task
  // of its own before the figure is built.
  const prepareGradient = useMemo(
    () => [
      ...Array.from({ length: PROFILE_PARTS - 1 }, (_, part) => () => profileParts?.parts.fill(Math.round((profileParts.rows * (part + 1)) / PROFILE_PARTS))),
      gradientRuns,
      () => prepareGradientProfileFigure({ runs: gradientRuns() }),
    ],
    [profileParts, gradientRuns],
  );
  const renderGradient = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) =>
      renderGradientProfileFigure(doc, { runs: gradientRuns() }, { ...size, theme: exportTheme ?? theme, subtitle: batchSubtitle }),
    [gradientRuns, theme, batchSubtitle],
  );
  const renderCurves = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) =>
      drawTrainingCurvesFigure(doc, { runs, hoverStep: exportTheme ? null : hoverStep }, { ...size, theme: exportTheme ?? theme }),
    [runs, hoverStep, theme],
  );
  const renderTrajectory = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) =>
      renderUniformityToleranceFigure(doc, { runs, hoverStep: exportTheme ? null : hoverStep }, { ...size, theme: exportTheme ?? theme }),
    [runs, hoverStep, theme],
  );
  const distanceHistory = batchRun.distances.points;
  const pairsData = useMemo(
    () =>
      batch && {
        snapshot: batch,
        history: [{ label: RUN_LABEL, colorIndex: 0, points: distanceHistory }, ...overlays.map((o) => ({ label: o.label, colorIndex: o.colorIndex, points: o.distances }))],
      },
    [batch, distanceHistory, overlays],
  );
  const preparePairs = useMemo(() => (pairsData ? [() => preparePairDistributionsFigure(pairsData)] : undefined), [pairsData]);
  const renderPairs = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) =>
      renderPairDistributionsFigure(doc, pairsData!, { ...size, theme: exportTheme ?? theme, subtitle: batchSubtitle }),
    [pairsData, theme, batchSubtitle],
  );
  // Each overlaid run adds a row to the distances panel's key: the figure grows by as much.
  const pairsHeight = useCallback((width: number) => defaultHeight(width) + 22 * overlays.length, [overlays.length]);
  const classNames = run.info?.datasetSummary.classNames;
  const [linkPairs, setLinkPairs] = useState(false);
  const [hovered, setHovered] = useState<HoveredSample | null>(null);
  const [projectionKind, setProjectionKind] = useState<'pca' | 'umap'>('pca');
  const umapShown = projectionKind === 'umap' && (snapshot?.embedding.dim ?? 0) > 3;
  const umap = useRunUmap(snapshot?.embedding && { step: snapshot.step, ...snapshot.embedding }, umapShown, run.running);
  const umapData = useMemo(
    () => (umapShown && umap.projection && umap.labels ? { projection: umap.projection, labels: umap.labels } : undefined),
    [umapShown, umap.projection, umap.labels],
  );
  const umapSubtitle = umap.step !== undefined ? `UMAP at ${stepText(umap.step)}` : undefined;
  // UMAP places only the held-out points, so pairs are linked on the other views.
  const embedding = useMemo(() => (snapshot ? { ...embeddingWithPairs(snapshot.embedding, linkPairs && !umapShown), ...umapData } : null), [snapshot, linkPairs, umapShown, umapData]);
  const renderEmbedding = useCallback(
    (doc: Document, size: FigureSize, exportTheme?: Theme) =>
      drawEmbeddingFigure(doc, { ...embedding!, classNames, view }, { ...size, theme: exportTheme ?? theme, subtitle: umapData ? umapSubtitle : subtitle }),
    [embedding, classNames, view, theme, subtitle, umapData, umapSubtitle],
  );
  const prepareEmbedding = useMemo(() => (embedding ? [() => prepareEmbeddingFigure(embedding)] : undefined), [embedding]);
  // The projection the figure drew, recomputed only when the pointer needs it.
  const projection = useRef<{ key: unknown; view: EmbeddingView; value: EmbeddingProjection } | null>(null);
  const embeddingPlot = useRef<EmbeddingPlot>(null);
  const hoverSample = (svg: SVGSVGElement | null, clientX: number, clientY: number): void => {
    if (!svg || !embedding || !snapshot) return setHovered(null);
    if (projection.current?.key !== embedding || projection.current.view !== view) {
      projection.current = { key: embedding, view, value: projectEmbedding({ ...embedding, view }) };
    }
    // Only the held-out points themselves (not the appended pair views) have a sample to show.
    const points = { ...projection.current.value, n: snapshot.embedding.labels.length };
    const index = embeddingPlot.current && pointUnderPointer(svg, embeddingPlot.current, points, clientX, clientY);
    if (index === null) return setHovered(null);
    const label = snapshot.embedding.labels[index]!;
    setHovered({ index, className: classNames?.[label] ?? `class ${label}`, clientX, clientY });
  };

  const exports = figureExports({
    render: { temperature: renderTemperature, logit: renderLogit, gradient: renderGradient, pairs: renderPairs, curves: renderCurves, trajectory: renderTrajectory, embedding: renderEmbedding },
    heights: { normal: defaultHeight, wide: wideHeight },
    curves,
    temperature,
    context,
    decreasing,
    batch,
    profile,
    distanceHistory,
    history,
    // The positions the figure draws: UMAP when shown.
    embedding: snapshot ? { ...snapshot.embedding, ...(umapData ? { projection: umapData.projection } : {}) } : undefined,
    classNames,
    view,
  });

  const curvesGeometry = useRef<TrainingCurvesGeometry>(null);
  /** Snaps the pointer's step to the nearest one recorded by the first run drawn, so the rule sits on data. */
  const hoverAt = (step: number | null): void => {
    const point = step === null ? undefined : nearestStep(runs[0]?.history ?? history, step);
    setHoverStep(point ? point.step : null);
  };
  const svgOf = (element: HTMLElement): SVGSVGElement | null => element.querySelector('svg');
  const sphere = snapshot?.embedding.dim === 3;
  const rotation: HTMLAttributes<HTMLDivElement> = {
    tabIndex: 0,
    role: 'group',
    'aria-label': 'Embedding on the unit sphere: drag or use the arrow keys to turn it',
    onKeyDown: (e) => {
      const next = keyView(view, e.key);
      if (!next) return;
      e.preventDefault();
      setView(next);
    },
    onPointerDown: (e) => {
      e.currentTarget.setPointerCapture(e.pointerId);
      drag.current = { x: e.clientX, y: e.clientY };
    },
    onPointerMove: (e) => {
      if (!drag.current) return hoverSample(svgOf(e.currentTarget), e.clientX, e.clientY);
      const { x, y } = drag.current;
      drag.current = { x: e.clientX, y: e.clientY };
      setView((v) => dragView(v, e.clientX - x, e.clientY - y));
    },
    onPointerUp: () => {
      drag.current = null;
    },
    onPointerCancel: () => {
      drag.current = null;
    },
  };

  return (
    <div className="figure-grid">
      <FigureCard
        explanation={explanations.temperature}
        show={showExplanations}
        exportSpec={exports.temperature}
        actions={<ExportPyTorch temperature={temperature} loss={loss} step={context.step} />}
      >
        <FigureView render={renderTemperature} prepare={prepareTemperature} userInput={curves} data-figure="temperature" />
      </FigureCard>
      <FigureCard explanation={explanations.logit} show={showExplanations} exportSpec={exports.logit}>
        <FigureView render={renderLogit} userInput={curves} data-figure="logit" />
      </FigureCard>
      <FigureCard explanation={explanations.gradient} show={showExplanations} exportSpec={exports.gradient}>
        {batch || gradientOverlays.length > 0 ? (
          <FigureView render={renderGradient} prepare={prepareGradient} data-figure="gradient" />
        ) : (
          <Placeholder name="Gradient on negatives" figure="gradient" />
        )}
      </FigureCard>
      <FigureCard explanation={explanations.pairs} show={showExplanations} exportSpec={exports.pairs} classroomHidden>
        {batch ? <FigureView render={renderPairs} prepare={preparePairs} heightFor={pairsHeight} data-figure="pairs" /> : <Placeholder name="Similarity by pair type" figure="pairs" />}
      </FigureCard>
      <FigureCard explanation={explanations.curves} show={showExplanations} wide exportSpec={exports.curves} classroomHidden>
        <FigureView
          render={renderCurves}
          geometry={curvesGeometry}
          heightFor={wideHeight}
          data-figure="training-curves"
          onPointerMove={(e) => {
            const svg = svgOf(e.currentTarget);
            hoverAt(svg && curvesGeometry.current && stepUnderPointer(svg, curvesGeometry.current, e.clientX, e.clientY));
          }}
          onPointerLeave={() => setHoverStep(null)}
        />
      </FigureCard>
      <FigureCard explanation={explanations.uniformityTolerance} show={showExplanations} exportSpec={exports.trajectory}>
        <FigureView
          render={renderTrajectory}
          data-figure="uniformity-tolerance"
          onPointerMove={(e) => {
            const svg = svgOf(e.currentTarget);
            hoverAt(svg && markerUnderPointer(svg, e.clientX, e.clientY));
          }}
          onPointerLeave={() => setHoverStep(null)}
        />
      </FigureCard>
      <FigureCard explanation={explanations.embedding} show={showExplanations} exportSpec={exports.embedding}>
        {(snapshot?.embedding.dim ?? 0) > 3 && (
          <ProjectionPicker value={projectionKind} onChange={setProjectionKind} status={umap.error ?? umapStatus(umap.progress, undefined)} />
        )}
        {snapshot ? (
          <>
            <FigureView
              render={renderEmbedding}
              geometry={embeddingPlot}
              prepare={prepareEmbedding}
              data-figure="embedding"
              className={sphere ? 'rotatable' : undefined}
              onPointerMove={(e) => hoverSample(svgOf(e.currentTarget), e.clientX, e.clientY)}
              onPointerLeave={() => setHovered(null)}
              {...(sphere ? rotation : {})}
            />
            <label className="figure-option">
              <input type="checkbox" checked={linkPairs} disabled={umapShown} onChange={(e) => setLinkPairs(e.target.checked)} />
              Link positive pairs (two views of the first {snapshot.embedding.views.pairs} held-out samples)
            </label>
            {hovered && <SampleTooltip sample={hovered} images={run.info?.samples} />}
          </>
        ) : (
          <Placeholder name="Embedding" figure="embedding" />
        )}
      </FigureCard>
    </div>
  );
}
