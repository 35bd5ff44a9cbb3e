import { useCallback, useMemo, type ReactNode } from 'react';
import { negativeProfileInParts, type NegativeProfile, type SigmoidWeighting } from '../../../core/analysis';
import type { Temperature, TemperatureContext } from '../../../core/temperature';
import { labFigureExports, type LabFigureState } from '../../../export/labFigures';
import { prepareGradientProfileFigure, renderGradientProfileFigure } from '../../../figures/gradientProfileFigure';
import type { RunOverlay } from '../../../state/compare';
import { overlayProfile } from '../../compare/overlayCurves';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations, type Explanation } from '../explanations';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

/**
 * The batch's softmax for the gradient figure is spread over this many tasks, so that no part of it is a long
 * task even before the JIT has warmed up (BENCHMARKS.md, change 6).
 */
const PROFILE_PARTS = 8;

const NO_OVERLAYS: readonly RunOverlay[] = [];

interface GradientCardProps extends CardProps {
  /** A batch's 2B×2B similarity matrix, row-major (view 1 rows, then view 2). */
  readonly similarity: ArrayLike<number> | undefined;
  /** The legend's name for the batch's run. */
  readonly label: string;
  readonly temperature: Temperature;
  readonly context: TemperatureContext<number>;
  /** Compared runs, whose last batches are drawn beside this one. */
  readonly overlays?: readonly RunOverlay[];
  readonly subtitle?: string;
  /** Shown instead of the figure while there is nothing to draw. */
  readonly placeholder?: ReactNode;
  readonly explanation?: Explanation;
  /** The batch the export describes; no export buttons without it. */
  readonly exportBatch?: LabFigureState['batch'];
  /** SigLIP's sigmoid weighting (with its learned bias), instead of NT-Xent's softmax. */
  readonly sigmoid?: SigmoidWeighting;
}

/** How the figure names the weights: SigLIP's sigmoid, a logit function's slope, or the softmax over τ. */
function weightingOf(temperature: Temperature, sigmoid: SigmoidWeighting | undefined): 'sigmoid' | 'logit-function' | 'softmax' {
  if (sigmoid) return 'sigmoid';
  return temperature.family.logitFunction ? 'logit-function' : 'softmax';
}

/** How hard the loss pushes each negative of a batch, and the relative penalty, at the current τ. */
export function GradientCard({ similarity, label, temperature, context, overlays = NO_OVERLAYS, subtitle, placeholder, explanation = explanations.gradient, exportBatch, sigmoid, theme, showExplanation }: GradientCardProps) {
  // The 2B×2B softmax is computed only when the figure is drawn, once per batch and τ, in parts (see prepare).
  const profileParts = useMemo(() => {
    if (!similarity) return null;
    const rows = Math.round(Math.sqrt(similarity.length));
    return { rows, parts: negativeProfileInParts(similarity, rows, temperature, context, sigmoid) };
  }, [similarity, temperature, context, sigmoid]);
  const profile = useMemo(() => profileParts && ((): NegativeProfile => profileParts.parts.result()), [profileParts]);
  const withBatches = useMemo(() => overlays.filter((o) => o.batches.length > 0), [overlays]);
  // Overlaid runs' profiles: computed when the figure is drawn, once per overlay set and τ.
  const overlayProfiles = useMemo(() => {
    let cached: { label: string; colorIndex: number; profile: NegativeProfile }[] | undefined;
    return () =>
      (cached ??= withBatches.flatMap((o) => {
        const p = overlayProfile(o, context);
        return p ? [{ label: o.label, colorIndex: o.colorIndex, profile: p }] : [];
      }));
  }, [withBatches, context]);
  const runs = useCallback(() => [...(profile ? [{ label, colorIndex: 0, profile: profile() }] : []), ...overlayProfiles()], [profile, label, overlayProfiles]);
  // The softmax in PROFILE_PARTS parts (the last one with the overlays), then the binned means, each in a task
  // of its own before the figure is built.
  const prepare = useMemo(
    () => [
      ...Array.from({ length: PROFILE_PARTS - 1 }, (_, part) => () => profileParts?.parts.fill(Math.round((profileParts.rows * (part + 1)) / PROFILE_PARTS))),
      runs,
      () => prepareGradientProfileFigure({ runs: runs() }),
    ],
    [profileParts, runs],
  );
  const render: CardRender = useCallback(
    (doc, size, exportTheme) =>
      renderGradientProfileFigure(doc, { runs: runs() }, { ...size, theme: exportTheme ?? theme, subtitle, weighting: weightingOf(temperature, sigmoid) }),
    [runs, theme, subtitle, sigmoid, temperature],
  );
  const exportSpec = exportBatch && profile ? labFigureExports.gradient(render, defaultHeight, { batch: exportBatch, profile, context }) : undefined;
  const drawn = profile !== null || withBatches.length > 0;
  return (
    <FigureCard explanation={explanation} show={showExplanation} exportSpec={exportSpec}>
      {drawn ? <FigureView render={render} prepare={prepare} data-figure="gradient" /> : placeholder}
    </FigureCard>
  );
}
