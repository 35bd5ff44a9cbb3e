import { useMemo, useState } from 'react';
import { effectiveTemperature, variesPerSample, type Temperature } from '../../core/temperature';
import type { LossSettings } from '../../core/temperature/pytorch';
import type { CurveSet } from '../../figures/similarityCurves';
import type { Theme } from '../../figures/theme';
import { nearestStep, type RunHistory } from '../../figures/trainingCurvesFigure';
import type { RunOverlay } from '../../state/compare';
import { BATCH_FIGURE_RATE } from '../../state/pacing';
import type { RunState } from '../../state/run';
import { stepText } from '../format';
import type { StudioContext } from '../studio/contextSliders';
import { useThrottled } from '../useThrottled';
import { BeforeFirstStep, Placeholder } from './cards/FigureCard';
import { GradientCard } from './cards/GradientCard';
import { LogitCard } from './cards/LogitCard';
import { PairsCard } from './cards/PairsCard';
import { RunEmbeddingCard } from './cards/RunEmbeddingCard';
import { SampleTemperatureCard, TrainedTemperatureNote } from './cards/SampleTemperatureCard';
import { TemperatureCard } from './cards/TemperatureCard';
import { TrainingCurvesCard, UniformityToleranceCard } from './cards/TrainingCards';
import { ExportPyTorch } from './ExportPyTorch';
import { explanations } from './explanations';
import { learnedCurves } from './learnedCurves';

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
 * The lab's figures, one card each, bound to the newest state. τ-dependent figures follow the temperature
 * controls from the cached batch at once; the batch figures update at most BATCH_FIGURE_RATE times a
 * second while training; the training curves and the uniformity–tolerance plane share the hovered step.
 */
export function FigureGrid({ run, temperature, context, curves, theme, showExplanations, loss, overlays = NO_OVERLAYS }: FigureGridProps) {
  const batchRun = useThrottled(run, run.running ? 1000 / BATCH_FIGURE_RATE : 0);
  const batch = batchRun.latest;
  const batchSubtitle = batch ? stepText(batch.step) : undefined;
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const history = run.history.points;
  const recorded = run.recorded;
  // The main run leaves the legend while it has no history and other runs are shown; an opened run file
  // takes the next colour after the overlays.
  const runs: readonly RunHistory[] = useMemo(() => {
    const others: RunHistory[] = [...overlays];
    if (recorded) others.push({ label: recorded.label, colorIndex: Math.max(0, ...overlays.map((o) => o.colorIndex)) + 1, history: recorded.history });
    return [...(history.length > 0 || others.length === 0 ? [{ label: RUN_LABEL, colorIndex: 0, history }] : []), ...others];
  }, [history, overlays, recorded]);
  /** Snaps the pointer's step to the nearest one recorded by the first run drawn, so the rule sits on data. */
  const hoverAt = (step: number | null): void => {
    const point = step === null ? undefined : nearestStep(runs[0]?.history ?? history, step);
    setHoverStep(point ? point.step : null);
  };
  const distanceHistory = batchRun.distances.points;
  // Data without labels (your own vectors or images): no false negatives to tell apart, no tolerance.
  const unlabelled = run.info?.datasetSummary.unlabelled === true;
  const pairsData = useMemo(
    () =>
      batch && {
        snapshot: batch,
        history: [{ label: RUN_LABEL, colorIndex: 0, points: distanceHistory }, ...overlays.map((o) => ({ label: o.label, colorIndex: o.colorIndex, points: o.distances }))],
        unlabelled,
      },
    [batch, distanceHistory, overlays, unlabelled],
  );
  const pairsExport = useMemo(() => batch && { batch, distanceHistory }, [batch, distanceHistory]);
  const shared = { theme, showExplanation: showExplanations };
  // What the run learned in place of τ (a learned τ, SigLIP's t): the τ figures show that, not the setting's curve.
  const learned = batch?.learned;
  const trainedWith = useMemo(() => effectiveTemperature(temperature, learned), [temperature, learned]);
  const sigmoid = useMemo(() => (learned?.bias !== undefined ? { bias: learned.bias } : undefined), [learned]);
  const runCurves = useMemo(
    () => learnedCurves(curves, temperature, trainedWith, learned, context, batch?.step),
    [curves, temperature, trainedWith, learned, context, batch?.step],
  );

  // τ trained per sample or predicted per input: no τ(s) to draw, its distribution over samples instead.
  if (variesPerSample(temperature.family)) {
    return (
      <div className="figure-grid">
        <SampleTemperatureCard
          snapshot={batch}
          history={history}
          classNames={run.info?.datasetSummary.classNames}
          subtitle={batchSubtitle}
          placeholder={
            batch ? (
              // The run has stepped without this temperature: a predicted τ needs the encoder's extra output
              // (a restart), a per-sample τ starts its state at the next step.
              <Placeholder name="Per-sample temperatures" figure="sample-temperatures">
                {temperature.family.trained === 'predicted'
                  ? 'appear once the run trains with this temperature: its encoder needs the extra output, so press Apply & reset.'
                  : 'appear after the next training step.'}
              </Placeholder>
            ) : (
              <BeforeFirstStep name="Per-sample temperatures" figure="sample-temperatures" />
            )
          }
          {...shared}
        />
        <TrainedTemperatureNote
          name={`${temperature.family.label}: no curve τ(s)`}
          figure="temperature"
          actions={<ExportPyTorch temperature={temperature} loss={loss} step={context.step} />}
          showExplanation={showExplanations}
        />
        <PairsCard data={pairsData} subtitle={batchSubtitle} placeholder={<BeforeFirstStep name="Similarity by pair type" figure="pairs" />} exportAs={pairsExport} {...shared} />
        <TrainingCurvesCard runs={runs} history={history} hoverStep={hoverStep} onHover={hoverAt} {...shared} />
        <UniformityToleranceCard runs={runs} history={history} hoverStep={hoverStep} onHover={hoverAt} unlabelled={unlabelled} {...shared} />
        <RunEmbeddingCard run={run} {...shared} />
      </div>
    );
  }

  return (
    <div className="figure-grid">
      <TemperatureCard
        curves={runCurves}
        pairs={batch?.batch.pairs}
        unlabelled={unlabelled}
        subtitle={batchSubtitle}
        exportAs={{ temperature, context, batch }}
        actions={<ExportPyTorch temperature={temperature} loss={loss} step={context.step} />}
        {...shared}
      />
      <LogitCard curves={runCurves} temperature={trainedWith} context={context} showRatio exportable sigmoid={sigmoid !== undefined} {...shared} />
      <GradientCard
        similarity={batch?.batch.similarity}
        label={RUN_LABEL}
        temperature={trainedWith}
        context={context}
        overlays={overlays}
        subtitle={batchSubtitle}
        placeholder={<BeforeFirstStep name="Gradient on negatives" figure="gradient" />}
        exportBatch={batch}
        sigmoid={sigmoid}
        {...(sigmoid
          ? { explanation: explanations.gradientSigmoid }
          : temperature.family.logitFunction
            ? { explanation: explanations.gradientLogitFunction }
            : {})}
        {...shared}
      />
      <PairsCard data={pairsData} subtitle={batchSubtitle} placeholder={<BeforeFirstStep name="Similarity by pair type" figure="pairs" />} exportAs={pairsExport} {...shared} />
      <TrainingCurvesCard runs={runs} history={history} hoverStep={hoverStep} onHover={hoverAt} {...shared} />
      <UniformityToleranceCard runs={runs} history={history} hoverStep={hoverStep} onHover={hoverAt} unlabelled={unlabelled} {...shared} />
      <RunEmbeddingCard run={run} {...shared} />
    </div>
  );
}
