/**
 * The diagnostics page's query, made decodable before tfjs loads (public/readable-query.js), against
 * generated hostile links: tfjs-core's own URL-flag reader never throws on what is left, what is left reads
 * the same as before, and every dropped part is named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { getQueryParams } from '@tensorflow/tfjs-core/dist/environment';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiagnosticsParams } from '../../src/diagnostics/params';
import { hostileLink } from './support/hostileLinks';

const script = readFileSync(join(import.meta.dirname, '../../public/readable-query.js'), 'utf8');

/** Runs public/readable-query.js on a page at `search`: the query it leaves, and the parts it dropped. */
function readableQuery(search: string): { search: string; undecodable: string[] } {
  const location = { search: search === '' || search.startsWith('?') ? search : `?${search}`, pathname: '/diagnostics.html', hash: '' };
  const history = {
    state: null,
    replaceState: (_state: unknown, _title: string, url: string) => {
      location.search = url.slice(location.pathname.length);
    },
  };
  const window: { dystressDroppedQueryParts?: string[] } = {};
  runInNewContext(script, { location, history, window, decodeURIComponent });
  return { search: location.search, undecodable: [...(window.dystressDroppedQueryParts ?? [])] };
}

const decodes = (part: string): boolean => {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
};

describe('the diagnostics page’s query', () => {
  it('drops and names the parts of the two cut links of issue 18, and tfjs reads the rest', () => {
    expect(() => getQueryParams('?batch=%')).toThrow(URIError);
    expect(readableQuery('?batch=%')).toEqual({ search: '', undecodable: ['batch=%'] });
    expect(readableQuery('?backend=cpu&tau=%E0%A4%A&steps=2')).toEqual({ search: '?backend=cpu&steps=2', undecodable: ['tau=%E0%A4%A'] });
    const params = parseDiagnosticsParams(new URLSearchParams(readableQuery('?backend=cpu&tau=%E0%A4%A&steps=2').search));
    expect(params.ok && params.value).toMatchObject({ backend: 'cpu', steps: 2 });
  });

  it('leaves a query that tfjs reads untouched, and what it keeps never throws in tfjs', () => {
    let tried = 0;
    fc.assert(
      fc.property(hostileLink, (search) => {
        tried++;
        const { search: kept, undecodable } = readableQuery(search);
        expect(() => getQueryParams(kept)).not.toThrow();
        const parts = search.replace(/^\?/, '').split('&').filter((p) => p !== '');
        // Every part is either kept or named, in order.
        expect([...kept.replace(/^\?/, '').split('&').filter((p) => p !== ''), ...undecodable].sort()).toEqual([...parts].sort());
        for (const part of undecodable) expect(part.split('=').some((piece) => !decodes(piece)) || !decodes(part)).toBe(true);
        // Nothing to drop: the query is left as written.
        if (undecodable.length === 0) expect(kept).toBe(search === '' || search.startsWith('?') ? search : `?${search}`);
        // The page's own reader never throws either: a bad value is an error message, not a blank page.
        const params = parseDiagnosticsParams(new URLSearchParams(kept));
        if (!params.ok) expect(params.error).toMatch(/must be/);
      }),
      { numRuns: 500 },
    );
    console.log(`diagnostics query: ${tried} generated links tried`);
  });
});
