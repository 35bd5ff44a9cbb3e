import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { logitMonotonicity } from '../../src/core/analysis';
import { SVG_NS, type FigureDocument } from '../../src/figures/frame/document';
import type { LabFigureOptions } from '../../src/figures/frame/root';
import { renderLogitFigure } from '../../src/figures/logitFigure';
import { renderTemperatureFigure } from '../../src/figures/temperatureFigure';
import { themes } from '../../src/figures/theme';
import { renderTrainingCurvesFigure } from '../../src/figures/trainingCurvesFigure';
import { actualize, buildLight, drawLight, LightDocument, LightElement, type LightNode } from '../../src/ui/lightDom';
import { dystress, labelled, labFigureCatalogue, runs, subtitle, temperature } from './lab-figures.fixtures';

/**
 * The lab builds its figures in a light, in-memory document and patches the page from the difference
 * (src/ui/lightDom.ts). The figure functions are the ones exports and golden files use, so the light document
 * must give exactly the markup a real one gives, and a patch must leave exactly the markup of the new build.
 */

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const serialise = (node: Node): string => new window.XMLSerializer().serializeToString(node);

/** Where two markups first differ, with some context, so a failure reads in one line. */
function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  return `at ${i}: …${actual.slice(Math.max(0, i - 60), i + 60)}… instead of …${expected.slice(Math.max(0, i - 60), i + 60)}…`;
}

type Render = (doc: Document, options: LabFigureOptions) => SVGSVGElement;

/** Every figure FigureView draws: the lab's training figures and the τ studio's two. */
function allFigures(): [string, Render, number][] {
  const names = Object.keys(labFigureCatalogue(doc));
  const lab = names.map((name): [string, Render, number] => [name, (d, o) => labFigureCatalogue(d)[name]!.render(o), labFigureCatalogue(doc)[name]!.height]);
  const current = labelled('DySTreSS (cosine): τ min 0.05, τ max 0.5', dystress(0.05, 0.5));
  const pins = [labelled('Constant τ (SimCLR): τ 0.2', { family: 'constant', params: { tau: 0.2 } })];
  const logit = { current, pins, decreasing: logitMonotonicity(temperature(dystress(0.05, 0.5))).decreasing, ratio: { label: 'τ max/τ min', value: 10 } };
  return [...lab, ['temperature', (d, o) => renderTemperatureFigure(d, { current, pins }, o), 420], ['logit', (d, o) => renderLogitFigure(d, logit, o), 420]];
}

describe('light document', () => {
  it('gives every figure, light and dark, wide and narrow, the same markup as a real document', () => {
    let compared = 0;
    for (const [name, render, height] of allFigures()) {
      for (const theme of [themes.light, themes.dark]) {
        for (const width of [560, 380]) {
          const options = { width, height, theme, subtitle, caption: 'A caption long enough to wrap onto a second line at the narrow width.' };
          const real = serialise(render(doc, options));
          const light = buildLight((d) => render(d, options));
          expect(firstDifference(serialise(actualize(light, doc)), real), `${name} ${theme.name} ${width}`).toBeNull();
          compared++;
        }
      }
    }
    expect(compared).toBe(allFigures().length * 4);
    expect(compared).toBeGreaterThanOrEqual(48);
  });

  it('is a FigureDocument, as the page\'s document is, and makes text of what d3 writes as text', () => {
    // The assignments are the check that matters: they compile only while both documents satisfy the interface.
    const page: FigureDocument = doc;
    const light: FigureDocument<LightNode> = new LightDocument();
    const fromPage = page.createElementNS(SVG_NS, 'text');
    const fromLight = light.createElementNS(SVG_NS, 'text');
    expect(fromLight).toBeInstanceOf(LightElement);
    for (const element of [fromPage, fromLight]) {
      // d3's .text() passes numbers as they are; the DOM writes them as strings, and null empties the element.
      element.textContent = 0.5 as unknown as string;
      expect(element.textContent).toBe('0.5');
      element.textContent = null;
      expect(element.textContent).toBe('');
    }
  });

  it('follows the DOM on text, attributes and insertion order', () => {
    const light = new LightDocument();
    const g = light.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('x', 0.1 + 0.2);
    g.setAttribute('y', 2);
    g.setAttribute('x', 3);
    expect(g.attributes.map((a) => `${a.name}=${a.value}`)).toEqual(['x=3', 'y=2']);
    g.textContent = '';
    expect(g.childNodes).toHaveLength(0);
    g.textContent = 'label';
    expect(g.childNodes).toHaveLength(1);
    const a = g.appendChild(light.createElementNS('http://www.w3.org/2000/svg', 'line'));
    const b = light.createElementNS('http://www.w3.org/2000/svg', 'circle');
    g.insertBefore(b, a);
    expect(g.childNodes.map((n) => (n instanceof LightElement ? n.localName : '#text'))).toEqual(['#text', 'circle', 'line']);
    expect(b.nextSibling).toBe(a);
    a.remove();
    expect(g.lastChild).toBe(b);
    expect(g.textContent).toBe('label');
  });

  it('selects what a real document selects', () => {
    const options = { width: 560, height: 520, theme: themes.light, subtitle };
    const real = renderTrainingCurvesFigure(doc, { runs, hoverStep: 1200 }, options);
    const light = buildLight((d) => renderTrainingCurvesFigure(d, { runs, hoverStep: 1200 }, options));
    const selectors = ['.tick', 'g[data-panel]', '[data-axis="x"] .tick', 'g > text', 'path.domain', '.tick line, .tick text', 'title', '[data-role]', 'svg > g > g'];
    for (const selector of selectors) {
      const expected = [...real.querySelectorAll(selector)].map((e) => serialise(e));
      expect(expected.length, selector).toBeGreaterThan(0);
      expect(light.querySelectorAll(selector).map((e) => serialise(actualize(e, doc))), selector).toEqual(expected);
    }
    expect(light.querySelector('nothing-like-this')).toBeNull();
    expect(() => light.querySelectorAll('g:first-child')).toThrow(/unsupported selector/);
    expect(() => light.querySelectorAll('g ~ text')).toThrow(/unsupported selector/);
  });

  it('refuses a figure that was not built with the light document', () => {
    expect(() => buildLight(() => doc.createElementNS('http://www.w3.org/2000/svg', 'svg'))).toThrow(/light document/);
  });
});

describe('patching the drawn figure', () => {
  const options = (width: number, theme = themes.light): LabFigureOptions => ({ width, height: 500, theme, subtitle });

  /** Draws each build in turn into one container, as FigureView does, checking the page after every one. */
  function drawSequence(builds: (() => LightElement)[], expected: string[]): Element {
    const container = doc.createElement('div');
    builds.forEach((build, i) => {
      drawLight(container, build());
      expect(container.childNodes).toHaveLength(1);
      expect(firstDifference(serialise(container.firstChild!), expected[i]!), `after build ${i}`).toBeNull();
    });
    return container;
  }

  it('leaves exactly the markup of the new build, whatever came before', () => {
    const catalogue = labFigureCatalogue(doc);
    const names = Object.keys(catalogue);
    const wide = new Map(names.map((name) => [name, serialise(catalogue[name]!.render(options(560)))]));
    const narrow = new Map(names.map((name) => [name, serialise(catalogue[name]!.render(options(380, themes.dark)))]));
    // Every figure after every other: different tags, child counts and attributes at every level.
    for (const a of names) {
      for (const b of names) {
        drawSequence(
          [() => buildLight((d) => labFigureCatalogue(d)[a]!.render(options(560))), () => buildLight((d) => labFigureCatalogue(d)[b]!.render(options(380, themes.dark)))],
          [wide.get(a)!, narrow.get(b)!],
        );
      }
    }
  });

  it('follows a run as it grows: more points, moving hover, new ticks', () => {
    const upTo = (last: number) => runs.map((r) => ({ ...r, history: r.history.filter((p) => p.step <= last) }));
    const steps = [50, 100, 400, 400, 1200, 2000, 300];
    const hovers = [undefined, 50, 300, undefined, 1100, 1100, 150];
    drawSequence(
      steps.map((last, i) => () => buildLight((d) => renderTrainingCurvesFigure(d, { runs: upTo(last), hoverStep: hovers[i] }, options(560)))),
      steps.map((last, i) => serialise(renderTrainingCurvesFigure(doc, { runs: upTo(last), hoverStep: hovers[i] }, options(560)))),
    );
  });

  it('changes nothing on the page for an identical build, and only what differs otherwise', () => {
    const container = doc.createElement('div');
    const build = (hoverStep?: number) => buildLight((d) => renderTrainingCurvesFigure(d, { runs, hoverStep }, options(560)));
    drawLight(container, build());
    const svg = container.firstChild!;
    const title = container.querySelector('title')!;
    const observer = new window.MutationObserver(() => {});
    observer.observe(container, { subtree: true, childList: true, attributes: true, characterData: true });

    drawLight(container, build());
    expect(observer.takeRecords()).toHaveLength(0);

    drawLight(container, build(1200));
    const records = observer.takeRecords();
    expect(records.length).toBeGreaterThan(0);
    expect(container.firstChild).toBe(svg);
    expect(container.querySelector('title')).toBe(title);
    // The hover adds a rule and labels to each panel; nothing else in the figure is rebuilt.
    const total = container.querySelectorAll('*').length;
    const touched = new Set(records.map((r) => r.target));
    expect(touched.size).toBeLessThan(total / 4);
    observer.disconnect();
  });

  it('compares with the page, not with its last build: a figure changed behind its back is corrected', () => {
    const container = doc.createElement('div');
    const build = () => buildLight((d) => renderTrainingCurvesFigure(d, { runs }, options(560)));
    const expected = serialise(renderTrainingCurvesFigure(doc, { runs }, options(560)));
    drawLight(container, build());
    container.querySelector('title')!.textContent = 'changed';
    container.querySelector('path')!.setAttribute('stroke', 'red');
    container.querySelector('g')!.remove();
    drawLight(container, build());
    expect(firstDifference(serialise(container.firstChild!), expected)).toBeNull();
    container.replaceChildren(doc.createElement('p'), doc.createElement('p'));
    drawLight(container, build());
    expect(container.childNodes).toHaveLength(1);
    expect(firstDifference(serialise(container.firstChild!), expected)).toBeNull();
  });
});
