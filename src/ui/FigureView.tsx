import { useLayoutEffect, useRef, useState } from 'react';

export interface FigureSize {
  readonly width: number;
  readonly height: number;
}

interface FigureViewProps {
  /** A pure figure function bound to its data and theme; called again whenever it or the width changes. */
  readonly render: (doc: Document, size: FigureSize) => SVGSVGElement;
}

/** Figures keep a readable aspect ratio at any column width. */
function heightFor(width: number): number {
  return Math.round(Math.min(500, Math.max(380, width * 1.02)));
}

/**
 * The thin React side of a figure: measure the container, let the figure function build the SVG, swap it
 * in. All drawing lives in src/figures, so what the page shows is what an export or a test renders.
 */
export function FigureView({ render }: FigureViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const element = container.current!;
    const measure = (): void => setWidth(Math.floor(element.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (width > 0) container.current!.replaceChildren(render(document, { width, height: heightFor(width) }));
  }, [render, width]);

  return <div ref={container} className="figure" />;
}
