/**
 * The runner and the sweep on your own data (--dataset vectors|images --data FILE): a few steps on generated
 * files, the label-based metrics only with labels, and one-line errors naming the file for bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from './support/cliBundle';
import { clusteredVectors, labelsCsv, labelsNpy, pngOf, rgbaImage, shapesZip, vectorsNpy, zipOf } from './support/ownDataFiles';

let bundle: ReturnType<typeof buildCliBundle>;
let dir: string;
const file = (name: string) => join(dir, name);
const small = { batchSize: 16, model: { hidden: 16, featureDim: 8, embeddingDim: 4 }, evaluation: { samples: 30, k: 5 } };

beforeAll(() => {
  bundle = buildCliBundle('own-data-cli-test');
  dir = mkdtempSync(join(tmpdir(), 'own-data-cli-'));
  const { values, labels } = clusteredVectors(120, 12, 3);
  writeFileSync(file('small.json'), JSON.stringify(small));
  writeFileSync(file('feats.npy'), new Uint8Array(vectorsNpy(values, 120, 12)));
  writeFileSync(file('labels.npy'), new Uint8Array(labelsNpy(labels)));
  writeFileSync(file('short.csv'), new Uint8Array(labelsCsv(labels.slice(0, 100))));
  writeFileSync(file('nan.csv'), '1,2,3\n4,nan,6\n');
  writeFileSync(file('shapes.zip'), new Uint8Array(shapesZip()));
  writeFileSync(file('empty-class.zip'), new Uint8Array(zipOf({ 'a/1.png': pngOf(rgbaImage(8, 8, () => [1, 2, 3, 255])), 'b/': new Uint8Array(0) })));
});


afterAll(() => {
  bundle.remove();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('experiment on your own vectors', () => {
  it('trains a few steps with labels: finite loss, every metric, the files named in the summary', async () => {
    const run = await bundle.run('experiment', ['--config', file('small.json'), '--data', file('feats.npy'), '--data-labels', file('labels.npy'), '--steps', '10', '--eval-every', '5']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = lines(run.stdout);
    expect(rows.map((r) => r.step)).toEqual([0, 5, 10, undefined]);
    expect(Number.isFinite(rows[2]!.loss)).toBe(true);
    expect(typeof rows[2]!.knnAccuracy).toBe('number');
    expect(typeof rows[2]!.tolerance).toBe('number');
    expect(rows[3]).toMatchObject({ summary: true, dataset: 'vectors', data: 'feats.npy + labels.npy', diverged: false });
  });

  it('trains without labels, says which metrics are missing and leaves them null', async () => {
    const run = await bundle.run('experiment', ['--config', file('small.json'), '--dataset', 'vectors', '--data', file('feats.npy'), '--steps', '10', '--eval-every', '5']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/no --data-labels: knnAccuracy, tolerance and interClassUniformity are not computed/);
    const rows = lines(run.stdout);
    expect(Number.isFinite(rows[2]!.loss)).toBe(true);
    expect(Number.isFinite(rows[2]!.uniformity)).toBe(true);
    expect(rows[2]).toMatchObject({ knnAccuracy: null, tolerance: null, interClassUniformity: null });
  });

  it.each([
    ['no --data for --dataset vectors', ['--dataset', 'vectors'], /--dataset vectors needs --data FILE/],
    ['labels that do not match in count', ['--data', 'feats.npy', '--data-labels', 'short.csv'], /--data: labels \(short\.csv\): 100 labels for 120 rows/],
    ['NaN values', ['--data', 'nan.csv'], /nan\.csv\): row 2, column 2 is NaN/],
    ['a missing file', ['--data', 'gone.npy'], /--data \(.*gone\.npy\): file not found/],
    ['a file of the wrong kind', ['--dataset', 'images', '--data', 'feats.npy'], /--dataset images needs a \.zip file/],
  ])('refuses %s with one line and exit code 2', async (_, flags, message) => {
    const args = flags.map((f) => (/\.(npy|csv|zip)$/.test(f) ? file(f) : f));
    const run = await bundle.run('experiment', ['--config', file('small.json'), ...args, '--steps', '5']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});

describe('experiment on your own images', () => {
  it.each([
    ['mlp', 'grey-28'],
    ['cnn', 'rgb-32'],
  ])('trains a few steps on a zip of PNG and JPEG class folders (%s, %s)', async (encoder, format) => {
    writeFileSync(file(`${encoder}.json`), JSON.stringify({ ...small, model: { ...small.model, encoder } }));
    const run = await bundle.run('experiment', ['--config', file(`${encoder}.json`), '--dataset', 'images', '--data', file('shapes.zip'), '--image-format', format, '--steps', '6', '--eval-every', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = lines(run.stdout);
    expect(Number.isFinite(rows[2]!.loss)).toBe(true);
    expect(typeof rows[2]!.knnAccuracy).toBe('number');
    expect(rows[3]).toMatchObject({ summary: true, dataset: 'images', data: 'shapes.zip' });
  });

  it('refuses an empty class folder with one line naming the zip and the folder', async () => {
    const run = await bundle.run('experiment', ['--data', file('empty-class.zip'), '--steps', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('experiment: --data: empty-class.zip: the class folder b/ holds no PNG or JPEG image\n');
  });
});

describe('sweep on your own vectors', () => {
  it('sends the data to its worker threads: every run trains', async () => {
    const out = file('sweep');
    const run = await bundle.run('sweep', [
      '--config', file('small.json'), '--data', file('feats.npy'), '--data-labels', file('labels.npy'),
      '--temperature', 'dystress:0.1,0.2', '--x', 'tmin=0.05,0.1', '--seeds', '1', '--steps', '5', '--eval-every', '5',
      '--constant-taus', '0.2', '--jobs', '2', '--out', out,
    ]);
    expect(run.code).toBe(0);
    const printed = lines(run.stdout);
    expect(printed).toHaveLength(3);
    for (const row of printed) {
      expect(row.status).toBe('ok');
      expect(typeof row.knnAccuracy).toBe('number');
    }
    expect(JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).definition.base.dataset).toMatchObject({ id: 'vectors', own: { name: 'feats.npy + labels.npy' } });
  });
});
