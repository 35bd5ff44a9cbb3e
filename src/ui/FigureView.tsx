import { useEffect, useId, useLayoutEffect, useRef, useState, type HTMLAttributes, type RefObject } from 'react';
import type { Drawn } from '../figures/frame/document';
import { figureScheduler } from './figureScheduler';
import { buildLight, drawLight } from './lightDom';

export interface FigureSize {
  readonly width: number;
  readonly height: number;
  /** The screen's, so that axis lines land on device pixels. */
  readonly devicePixelRatio?: number;
}

interface FigureViewProps<G> extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /**
   * A pure figure function bound to its data and theme; called again whenever it or the width changes. A
   * figure the page points into returns its geometry with it, kept in `geometry` once it is on the page.
   */
  readonly render: (doc: Document, size: FigureSize) => SVGSVGElement | Drawn<G, SVGSVGElement>;
  readonly geometry?: RefObject<G | null>;
  /** The figure's height for a given width (default: a readable aspect ratio at any column width). */
  readonly heightFor?: (width: number) => number;
  /** Heavy data work for `render`, each step in a task of its own, in order, just before the figure is built. */
  readonly prepare?: readonly (() => void)[];
  /**
   * A value the user sets (e.g. the temperature curve): when it has changed, the redraw answers the user and
   * goes ahead of the figures waiting only for training progress.
   */
  readonly userInput?: unknown;
  /**
   * Shows a new `userInput` in the drawn figure in place, at once (e.g. moves one curve's path); returns false
   * when it cannot, and the figure is built again first. The full build still follows, behind the figures
   * waiting for it.
   */
  readonly moveInPlace?: (svg: SVGSVGElement) => boolean;
}

export function defaultHeight(width: number): number {
  return Math.round(Math.min(500, Math.max(380, width * 1.02)));
}

/**
 * `work` leaving a named measure for benchmarks and profiles (a PerformanceObserver sees it), cleared at once
 * so a long session does not fill the timeline buffer.
 */
function measured(name: string, work: () => void): () => void {
  return () => {
    const started = performance.now();
    work();
    performance.measure(name, { start: started });
    performance.clearMeasures(name);
  };
}

/** Figures a little outside the viewport are drawn too, so scrolling never shows a stale one. */
const VISIBILITY_MARGIN = '300px';

/**
 * The thin React side of a figure: measure the container, let the figure function build the SVG, put it in
 * (patching the one drawn before). All drawing lives in src/figures, so what the page shows is what an export
 * or a test renders. The build runs in its own task (figureScheduler), after the `prepare` steps, each in a
 * task of its own; updates wait while the figure is far off screen.
 */
export function FigureView<G>({ render, geometry, heightFor = defaultHeight, prepare, userInput, moveInPlace, className, ...containerProps }: FigureViewProps<G>) {
  const container = useRef<HTMLDivElement>(null);
  const key = useId();
  const [width, setWidth] = useState(0);
  const [visible, setVisible] = useState(false);
  const drawnFor = useRef(userInput);

  useLayoutEffect(() => {
    const element = container.current!;
    // The observer reports the width once at the start and on every change, from the layout the browser has
    // just done: reading clientWidth here instead would force a layout of the whole page per figure mounted.
    const resize = new ResizeObserver((entries) => {
      const entry = entries.at(-1);
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    resize.observe(element);
    const intersection = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), { rootMargin: VISIBILITY_MARGIN });
    intersection.observe(element);
    return () => {
      resize.disconnect();
      intersection.disconnect();
    };
  }, []);

  useLayoutEffect(() => {
    const element = container.current!;
    // Far off screen, a figure is drawn once and then waits to be scrolled near before it updates.
    if (width <= 0 || (!visible && element.firstChild)) return;
    const figure = element.dataset.figure ?? 'unnamed';
    const build = (): void => {
      // Built in a light document and patched in: the page's DOM changes only where this build differs from
      // the last, so the browser restyles, lays out and paints a few paths and labels per update, and a
      // build leaves no discarded DOM nodes for the garbage collector.
      let drawn: G | null = null;
      const built = buildLight((doc) => {
        const figure = render(doc, { width, height: heightFor(width), devicePixelRatio: window.devicePixelRatio });
        if (!('geometry' in figure)) return figure;
        drawn = figure.geometry;
        return figure.element;
      });
      drawLight(element, built);
      if (geometry) geometry.current = drawn;
    };
    const steps = [...(prepare ?? []).map((step) => measured(`figure-data:${figure}`, step)), measured(`figure:${figure}`, build)];
    const changed = drawnFor.current !== userInput;
    drawnFor.current = userInput;
    const drawn = element.firstElementChild;
    // Moved in place, the figure already answers the user: its full build need not jump the queue.
    const urgent = changed && !(moveInPlace && drawn instanceof SVGSVGElement && moveInPlace(drawn));
    const runFrom = (i: number): void => figureScheduler.schedule(key, i === steps.length - 1 ? steps[i]! : () => (steps[i]!(), runFrom(i + 1)), urgent);
    runFrom(0);
  }, [key, render, geometry, width, visible, heightFor, prepare, userInput, moveInPlace]);

  useEffect(() => () => figureScheduler.cancel(key), [key]);

  return (
    <div
      ref={container}
      className={className ? `figure ${className}` : 'figure'}
      style={{ minHeight: width > 0 ? heightFor(width) : undefined }}
      {...containerProps}
    />
  );
}
