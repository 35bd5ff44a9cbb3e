import { useCallback, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { logitMonotonicity, negativeProfile, type NegativeProfile } from '../../core/analysis';
import type { Temperature } from '../../core/temperature';
import { renderBatchUnderTemperatureFigure } from '../../figures/batchUnderTemperatureFigure';
import { DEFAULT_VIEW, renderEmbeddingFigure, type EmbeddingView } from '../../figures/embeddingFigure';
import { renderGradientProfileFigure } from '../../figures/gradientProfileFigure';
import { renderLogitFigure, type TemperatureRatio } from '../../figures/logitFigure';
import { renderPairDistributionsFigure } from '../../figures/pairDistributionsFigure';
import type { CurveSet } from '../../figures/similarityCurves';
import { renderTemperatureFigure } from '../../figures/temperatureFigure';
import type { Theme } from '../../figures/theme';
import { nearestStep, renderTrainingCurvesFigure, type RunHistory } from '../../figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure } from '../../figures/uniformityToleranceFigure';
import type { RunOverlay } from '../../state/compare';
import type { RunState } from '../../state/run';
import { BATCH_FIGURE_RATE } from '../../state/pacing';
import { dragView, keyView } from '../../state/view';
import { defaultHeight, FigureView, type FigureSize } from '../FigureView';
import type { StudioContext } from '../studio/contextSliders';
import { overlayProfile } from '../compare/overlayCurves';
import { useThrottled } from '../useThrottled';
import { explanations, type Explanation } from './explanations';
import { markerUnderPointer, ringStep, stepUnderPointer } from './hover';

interface FigureGridProps {
  readonly run: RunState;
  readonly temperature: Temperature;
  /** Where τ is evaluated: the run's step and batch alignment once there is a run. */
  readonly context: StudioContext;
  readonly curves: CurveSet;
  readonly theme: Theme;
  readonly showExplanations: boolean;
  /** Pinned and compared runs, drawn with the main run in the training figures. */
  readonly overlays?: readonly RunOverlay[];
}

const NO_OVERLAYS: readonly RunOverlay[] = [];

const RUN_LABEL = 'this run';
const wideHeight = (width: number): number => Math.round(Math.min(460, Math.max(380, width * 0.5)));
const stepText = (step: number): string => `step ${step.toLocaleString('en-US')}`;

/** τmax/τmin for families that have both; how wide the temperature range is drives monotonicity. */
function temperatureRatio({ family, params }: Temperature): TemperatureRatio | undefined {
  const low = family.params.find((p) => p.key === 'tmin');
  const high = family.params.find((p) => p.key === 'tmax');
  if (!low || !high) return undefined;
  return { label: `${high.label}/${low.label}`, value: params.tmax! / params.tmin! };
}

function FigureCard({ explanation, show, wide, children }: { readonly explanation: Explanation; readonly show: boolean; readonly wide?: boolean; readonly children: ReactNode }) {
  return (
    <figure className={`card${wide ? ' wide' : ''}`}>
      {children}
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
function Placeholder({ name }: { readonly name: string }) {
  return (
    <div className="figure placeholder" style={{ minHeight: defaultHeight(400) }}>
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
export function FigureGrid({ run, temperature, context, curves, theme, showExplanations, overlays = NO_OVERLAYS }: FigureGridProps) {
  const snapshot = run.latest;
  const batchRun = useThrottled(run, run.running ? 1000 / BATCH_FIGURE_RATE : 0);
  const batch = batchRun.latest;
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const [view, setView] = useState<EmbeddingView>(DEFAULT_VIEW);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const history = run.history.points;
  // The main run leaves the legend while it has no history and other runs are shown.
  const runs: readonly RunHistory[] = useMemo(
    () => [...(history.length > 0 || overlays.length === 0 ? [{ label: RUN_LABEL, colorIndex: 0, history }] : []), ...overlays],
    [history, overlays],
  );
  const subtitle = snapshot ? stepText(snapshot.step) : undefined;
  const batchSubtitle = batch ? stepText(batch.step) : undefined;
  const decreasing = useMemo(() => logitMonotonicity(temperature, context).decreasing, [temperature, context]);
  const ratio = useMemo(() => temperatureRatio(temperature), [temperature]);

  // The 2B×2B softmax is computed only when the figure is drawn (in a task of its own), once per batch and τ.
  const profile = useMemo(() => {
    if (!batch) return null;
    let cached: NegativeProfile | undefined;
    const rows = Math.round(Math.sqrt(batch.batch.similarity.length));
    return () => (cached ??= negativeProfile(batch.batch.similarity, rows, temperature, context));
  }, [batch, temperature, context]);
  const prepareProfile = useCallback(() => void profile?.(), [profile]);

  const renderTemperature = useCallback(
    (doc: Document, size: FigureSize) =>
      batch
        ? renderBatchUnderTemperatureFigure(doc, { curves, pairs: batch.batch.pairs }, { ...size, theme, subtitle: batchSubtitle })
        : renderTemperatureFigure(doc, curves, { ...size, theme }),
    [batch, curves, theme, batchSubtitle],
  );
  const renderLogit = useCallback(
    (doc: Document, size: FigureSize) => renderLogitFigure(doc, { ...curves, decreasing, ratio }, { ...size, theme }),
    [curves, decreasing, ratio, theme],
  );
  const running = run.running;
  const gradientOverlays = useMemo(() => overlays.filter((o) => o.batches.length > 0), [overlays]);
  const renderGradient = useCallback(
    (doc: Document, size: FigureSize) =>
      renderGradientProfileFigure(
        doc,
        {
          runs: [
            ...(profile ? [{ label: RUN_LABEL, colorIndex: 0, profile: profile() }] : []),
            ...gradientOverlays.flatMap((o) => {
              const p = overlayProfile(o, context);
              return p ? [{ label: o.label, colorIndex: o.colorIndex, profile: p }] : [];
            }),
          ],
        },
        // Single-pair dots only while paused: during training the binned means carry the picture, cheaply.
        { ...size, theme, subtitle: batchSubtitle, scatter: !running },
      ),
    [profile, gradientOverlays, context, theme, batchSubtitle, running],
  );
  const renderCurves = useCallback(
    (doc: Document, size: FigureSize) => renderTrainingCurvesFigure(doc, { runs, hoverStep }, { ...size, theme }),
    [runs, hoverStep, theme],
  );
  const renderTrajectory = useCallback(
    (doc: Document, size: FigureSize) => {
      const svg = renderUniformityToleranceFigure(doc, { runs }, { ...size, theme });
      if (hoverStep !== null) ringStep(svg, hoverStep, theme.foreground);
      return svg;
    },
    [runs, hoverStep, theme],
  );
  const distanceHistory = batchRun.distances.points;
  const renderPairs = useCallback(
    (doc: Document, size: FigureSize) =>
      renderPairDistributionsFigure(
        doc,
        {
          snapshot: batch!,
          history: [{ label: RUN_LABEL, colorIndex: 0, points: distanceHistory }, ...overlays.map((o) => ({ label: o.label, colorIndex: o.colorIndex, points: o.distances }))],
        },
        { ...size, theme, subtitle: batchSubtitle },
      ),
    [batch, distanceHistory, overlays, theme, batchSubtitle],
  );
  // Each overlaid run adds a row to the distances panel's key: the figure grows by as much.
  const pairsHeight = useCallback((width: number) => defaultHeight(width) + 22 * overlays.length, [overlays.length]);
  const classNames = run.info?.datasetSummary.classNames;
  const renderEmbedding = useCallback(
    (doc: Document, size: FigureSize) => renderEmbeddingFigure(doc, { ...snapshot!.embedding, classNames, view }, { ...size, theme, subtitle }),
    [snapshot, classNames, view, theme, subtitle],
  );

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
      if (!drag.current) return;
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
      <FigureCard explanation={explanations.temperature} show={showExplanations}>
        <FigureView render={renderTemperature} data-figure="temperature" />
      </FigureCard>
      <FigureCard explanation={explanations.logit} show={showExplanations}>
        <FigureView render={renderLogit} data-figure="logit" />
      </FigureCard>
      <FigureCard explanation={explanations.gradient} show={showExplanations}>
        {batch || gradientOverlays.length > 0 ? (
          <FigureView render={renderGradient} prepare={prepareProfile} data-figure="gradient" />
        ) : (
          <Placeholder name="Gradient on negatives" />
        )}
      </FigureCard>
      <FigureCard explanation={explanations.pairs} show={showExplanations}>
        {batch ? <FigureView render={renderPairs} heightFor={pairsHeight} data-figure="pairs" /> : <Placeholder name="Similarity by pair type" />}
      </FigureCard>
      <FigureCard explanation={explanations.curves} show={showExplanations} wide>
        <FigureView
          render={renderCurves}
          heightFor={wideHeight}
          data-figure="training-curves"
          onPointerMove={(e) => {
            const svg = svgOf(e.currentTarget);
            hoverAt(svg && stepUnderPointer(svg, e.clientX, e.clientY));
          }}
          onPointerLeave={() => setHoverStep(null)}
        />
      </FigureCard>
      <FigureCard explanation={explanations.uniformityTolerance} show={showExplanations}>
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
      <FigureCard explanation={explanations.embedding} show={showExplanations}>
        {snapshot ? (
          <FigureView
            render={renderEmbedding}
            data-figure="embedding"
            className={sphere ? 'rotatable' : undefined}
            {...(sphere ? rotation : {})}
          />
        ) : (
          <Placeholder name="Embedding" />
        )}
      </FigureCard>
    </div>
  );
}
