import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * What the built lab's main page loads before anything else: index.html's script and modulepreloads. tfjs
 * arrives with the worker, and the rest stays small enough for a phone on a slow link.
 */
const dist = path.resolve(import.meta.dirname, '../../dist');
/**
 * 111 kB when the budget was set at 120 (issue 13); this wave's features on the first screen (the "Your data"
 * choice, five more temperature methods in the τ chunk, the link reader's hostile-input handling, the backend
 * status) brought it to 121.6 after the spheres' sampler left the page. 124 keeps that growth visible.
 */
const MAX_GZIP_KB = 124;

function pageChunks(): string[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

describe('the main page (dist/index.html)', () => {
  it('is built', () => {
    expect(existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `npm run build` first').toBe(true);
    expect(pageChunks().length).toBeGreaterThan(0);
  });

  it('loads no tfjs', () => {
    const tfjsModules = pageChunks().flatMap((chunk) => {
      const mapFile = path.join(dist, `${chunk}.map`);
      // A chunk without a source map holds only the bundler's runtime: its text must not mention tfjs.
      if (!existsSync(mapFile)) return /tensorflow|tfjs/i.test(readFileSync(path.join(dist, chunk), 'utf8')) ? [`${chunk} (no source map)`] : [];
      const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
      return map.sources.filter((source) => source.includes('node_modules/@tensorflow/')).map((source) => `${chunk}: ${source}`);
    });
    expect(tfjsModules).toEqual([]);
  });

  it(`ships at most ${MAX_GZIP_KB} kB of JS, gzipped`, () => {
    const sizes = pageChunks().map((chunk) => ({ chunk, gzipKB: gzipSync(readFileSync(path.join(dist, chunk))).length / 1000 }));
    const total = sizes.reduce((sum, s) => sum + s.gzipKB, 0);
    expect(total, sizes.map((s) => `${s.chunk}: ${s.gzipKB.toFixed(1)} kB`).join(', ')).toBeLessThanOrEqual(MAX_GZIP_KB);
  });
});
