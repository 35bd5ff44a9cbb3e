import { format, scaleLinear } from 'd3';
import { renderCurveChart, type ChartArea, type ChartSeries } from './curveChart';
import type { FigureDocument, FigureRoot } from './frame/document';
import type { FigureOptions } from './frame/root';
import { extentOf, SIMILARITY_DOMAIN, valueAt, type CurveSet } from './similarityCurves';

/** The τ(s) range of a set of settings (a sweep's optimal region), drawn as a translucent area. */
export interface TemperatureFigureBand {
  readonly s: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly label: string;
}

export interface TemperatureFigureData extends CurveSet {
  readonly band?: TemperatureFigureBand;
}

const tauFormat = format('.4~f');

/**
 * τ(s) over cosine similarity. The y axis starts at 0 so the ratio between the lowest and the highest
 * temperature reads off the picture honestly. The SVG carries τ at s = −1, 0, 1 as data attributes for
 * tests and tooling.
 */
export function renderTemperatureFigure<D extends FigureDocument>(doc: D, data: TemperatureFigureData, options: FigureOptions): FigureRoot<D> {
  const { theme } = options;
  const curves = [data.current, ...data.pins];
  const series: ChartSeries[] = curves.map((c, i) => ({
    label: c.label,
    x: c.curve.s,
    y: c.curve.tau,
    color: i === 0 ? theme.current : theme.pins[(i - 1) % theme.pins.length]!,
    dashed: i > 0,
  }));
  const band = data.band;
  const [, high] = extentOf([...curves.map((c) => c.curve.tau), ...(band ? [band.high] : [])]);
  const yDomain = scaleLinear().domain([0, high * 1.08]).nice().domain() as [number, number];

  const { s, tau } = data.current.curve;
  const at = (x: number): number => valueAt(s, tau, x);
  const pinned = data.pins.length > 0 ? ` Dashed: ${data.pins.length} pinned curve(s) for comparison.` : '';
  const shaded = band ? ` Shaded: ${band.label}, from the lowest to the highest τ(s) of its settings.` : '';
  const areas: ChartArea[] = band ? [{ label: band.label, x: band.s, low: band.low, high: band.high, color: theme.muted }] : [];
  const svg = renderCurveChart(
    doc,
    {
      ariaLabel: 'Temperature vs cosine similarity',
      title: 'Temperature vs cosine similarity',
      description:
        `Temperature τ(s) of ${data.current.label} for cosine similarity s from −1 to 1: ` +
        `τ(−1) = ${tauFormat(at(-1))}, τ(0) = ${tauFormat(at(0))}, τ(1) = ${tauFormat(at(1))}.${pinned}${shaded}`,
      xLabel: 'cosine similarity s',
      yLabel: 'temperature τ(s)',
      xDomain: SIMILARITY_DOMAIN,
      yDomain,
      series,
      notes: [],
      bands: [],
      areas,
    },
    options,
  );
  svg.setAttribute('data-tau-at-minus-1', String(at(-1)));
  svg.setAttribute('data-tau-at-0', String(at(0)));
  svg.setAttribute('data-tau-at-1', String(at(1)));
  return svg;
}
