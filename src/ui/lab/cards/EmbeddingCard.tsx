import { useCallback, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { EmbeddingSample } from '../../../export/figureData';
import { labFigureExports } from '../../../export/labFigures';
import { DEFAULT_VIEW, drawEmbeddingFigure, prepareEmbeddingFigure, projectEmbedding, type EmbeddingData, type EmbeddingPlot, type EmbeddingProjection, type EmbeddingView } from '../../../figures/embeddingFigure';
import { dragView, keyView } from '../../../state/view';
import type { SampleImages } from '../../../worker/datasets';
import { defaultHeight, FigureView } from '../../FigureView';
import { explanations, type Explanation } from '../explanations';
import { pointUnderPointer } from '../hover';
import { SampleTooltip, type HoveredSample } from '../SampleTooltip';
import { FigureCard, type CardProps, type CardRender } from './FigureCard';

interface EmbeddingCardProps extends CardProps {
  /** What the figure draws; the card adds the view it is turned to. Absent: the placeholder. */
  readonly data: Omit<EmbeddingData, 'view'> | undefined;
  readonly subtitle?: string;
  readonly placeholder: ReactNode;
  /** Above the figure: the choice of projection. */
  readonly picker?: ReactNode;
  /** Below the figure: its options. */
  readonly children?: ReactNode;
  /** A sphere the pointer, touch and the arrow keys turn. */
  readonly rotatable?: boolean;
  /** The held-out samples the first points are, for the tooltip under the pointer. */
  readonly samples?: { readonly labels: ArrayLike<number>; readonly classNames: readonly string[] | undefined; readonly images?: SampleImages };
  readonly explanation?: Explanation;
  /** The points the export writes out (the positions drawn); no export buttons without them. */
  readonly exportAs?: { readonly embedding: EmbeddingSample; readonly classNames: readonly string[] | undefined };
}

const svgOf = (element: HTMLElement): SVGSVGElement | null => element.querySelector('svg');

/** The embedding: a circle, a sphere that turns, or a 2-D projection (PCA, UMAP) of higher dimensions. */
export function EmbeddingCard({ data, subtitle, placeholder, picker, children, rotatable, samples, explanation = explanations.embedding, exportAs, theme, showExplanation }: EmbeddingCardProps) {
  const [view, setView] = useState<EmbeddingView>(DEFAULT_VIEW);
  const [hovered, setHovered] = useState<HoveredSample | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const render: CardRender<EmbeddingPlot> = useCallback(
    (doc, size, exportTheme) => drawEmbeddingFigure(doc, { ...data!, view }, { ...size, theme: exportTheme ?? theme, subtitle }),
    [data, view, theme, subtitle],
  );
  const prepare = useMemo(() => (data ? [() => prepareEmbeddingFigure(data)] : undefined), [data]);

  // The projection the figure drew, recomputed only when the pointer needs it.
  const projection = useRef<{ key: unknown; view: EmbeddingView; value: EmbeddingProjection } | null>(null);
  const plot = useRef<EmbeddingPlot>(null);
  const hoverSample = (svg: SVGSVGElement | null, clientX: number, clientY: number): void => {
    if (!svg || !data || !samples) return setHovered(null);
    if (projection.current?.key !== data || projection.current.view !== view) {
      projection.current = { key: data, view, value: projectEmbedding({ ...data, view }) };
    }
    // Only the held-out points themselves (not the appended pair views) have a sample to show.
    const points = { ...projection.current.value, n: samples.labels.length };
    const index = plot.current && pointUnderPointer(svg, plot.current, points, clientX, clientY);
    if (index === null) return setHovered(null);
    const label = samples.labels[index]!;
    setHovered({ index, className: samples.classNames?.[label] ?? `class ${label}`, clientX, clientY });
  };

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

  const exportSpec = exportAs && labFigureExports.embedding(render, defaultHeight, { ...exportAs, view });
  return (
    <FigureCard explanation={explanation} show={showExplanation} exportSpec={exportSpec}>
      {picker}
      {data ? (
        <>
          <FigureView
            render={render}
            geometry={plot}
            prepare={prepare}
            data-figure="embedding"
            {...(samples ? { onPointerMove: (e) => hoverSample(svgOf(e.currentTarget), e.clientX, e.clientY), onPointerLeave: () => setHovered(null) } : {})}
            className={rotatable ? 'rotatable' : undefined}
            {...(rotatable ? rotation : {})}
          />
          {children}
          {hovered && <SampleTooltip sample={hovered} images={samples?.images} />}
        </>
      ) : (
        placeholder
      )}
    </FigureCard>
  );
}
