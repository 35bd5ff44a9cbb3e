/**
 * A zip of class folders of PNG and JPEG images, generated here (pngjs's Node build, jpeg-js, fflate):
 * decoded, centre-cropped and area-averaged to 28 × 28 grey or 32 × 32 RGB, with the pixels held to a
 * naive reference; every bad zip refused with a message naming the zip and the entry.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { OWN_DATA_LIMITS } from '../../src/core/data/ownDataset';
import { parseOwnData } from '../../src/io/ownData';
import { unwrap } from './support/fixtures';
import { jpegOf, pngOf, rgbaImage, zipOf } from './support/ownDataFiles';

const grey = (name: string, bytes: ArrayBuffer) => parseOwnData({ data: { name, bytes } }, 'grey-28');
const rgb = (name: string, bytes: ArrayBuffer) => parseOwnData({ data: { name, bytes } }, 'rgb-32');
const error = (result: { ok: boolean; error?: string }): string => {
  expect(result.ok).toBe(false);
  return (result as { error: string }).error;
};

/** A 28 × 28 opaque image whose colour depends on the seed and the position. */
const pattern = (seed: number, size = 28) => rgbaImage(size, size, (x, y) => [(x * 9 + seed * 40) % 256, (y * 7 + seed * 13) % 256, (x * y + seed) % 256, 255]);

/** Plain-loop luma of an RGBA image's pixels (alpha multiplies), rounded as the decoder rounds. */
function naiveGrey(data: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 4) out.push(Math.round(((0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) * data[i + 3]!) / 255));
  return out;
}

describe('a zip of class folders', () => {
  it('reads PNG class folders at 28 × 28 grey: folders sorted into classes, pixels the luma of the image', async () => {
    const images = { 'cat/1.png': pattern(1), 'cat/2.png': pattern(2), 'dog/1.png': pattern(3), 'dog/2.png': pattern(4), 'dog/3.png': pattern(5) };
    const zip = zipOf(Object.fromEntries(Object.entries(images).map(([path, image]) => [path, pngOf(image)])));
    const s = unwrap(await grey('pets.zip', zip));
    expect(s).toMatchObject({ id: 'images', name: 'pets.zip', inputShape: [28, 28, 1], n: 5, classNames: ['cat', 'dog'] });
    expect(Array.from(s.labels!)).toEqual([0, 0, 1, 1, 1]);
    // Sample order is path order: dog/2.png is the fourth.
    const fourth = Array.from(s.x.subarray(3 * 784, 4 * 784));
    const expected = naiveGrey(images['dog/2.png'].data);
    expect(Math.max(...fourth.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThanOrEqual(1);
    expect(s.notes.join(' ')).toMatch(/5 colour images were turned grey/);
  });

  it('reads JPEG class folders: the pixels jpeg-js decodes, turned grey', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let k = 0; k < 4; k++) entries[`${k < 2 ? 'a' : 'b'}/${k}.jpg`] = jpegOf(pattern(k));
    const s = unwrap(await grey('jpegs.zip', zipOf(entries)));
    expect(s.classNames).toEqual(['a', 'b']);
    const decoded = decodeJpeg(entries['b/2.jpg']!, { useTArray: true, formatAsRGBA: true });
    const expected = naiveGrey(decoded.data);
    const third = Array.from(s.x.subarray(2 * 784, 3 * 784));
    expect(Math.max(...third.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThanOrEqual(1);
  });

  it('keeps 32 × 32 RGB pixels exactly, and takes a wrapping folder off', async () => {
    const image = pattern(7, 32);
    const s = unwrap(await rgb('cifar.zip', zipOf({ 'data/': new Uint8Array(0), 'data/x/1.png': pngOf(image), 'data/y/1.png': pngOf(pattern(8, 32)) })));
    expect(s).toMatchObject({ inputShape: [32, 32, 3], classNames: ['x', 'y'] });
    const expected: number[] = [];
    for (let i = 0; i < image.data.length; i += 4) expected.push(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
    expect(Array.from(s.x.subarray(0, 32 * 32 * 3))).toEqual(expected);
  });

  it('resizes images of any and mixed sizes: centre-cropped to a square, then area-averaged', async () => {
    // 60 × 56: the centred 56 × 56 square starts at column 2; each output pixel averages a 2 × 2 block.
    const big = rgbaImage(60, 56, (x, y) => [(x * 31 + y * 17) % 256, (x * 5) % 256, (y * 11) % 256, 255]);
    const s = unwrap(await grey('mixed.zip', zipOf({ 'a/big.png': pngOf(big), 'a/small.png': pngOf(pattern(1)), 'b/small.png': pngOf(pattern(2)) })));
    const lumaAt = (x: number, y: number) => {
      const at = (y * 60 + x) * 4;
      return 0.299 * big.data[at]! + 0.587 * big.data[at + 1]! + 0.114 * big.data[at + 2]!;
    };
    const expected: number[] = [];
    for (let i = 0; i < 28; i++) {
      for (let j = 0; j < 28; j++) {
        let sum = 0;
        for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) sum += lumaAt(2 + 2 * j + dx, 2 * i + dy);
        expected.push(Math.round(sum / 4));
      }
    }
    const first = Array.from(s.x.subarray(0, 784));
    expect(Math.max(...first.map((v, k) => Math.abs(v - expected[k]!)))).toBeLessThanOrEqual(1);
    expect(s.notes.join(' ')).toMatch(/1 of 3 images were centre-cropped to a square and resized to 28 × 28 grey/);
  });

  it('counts transparent pixels as black and skips files that are not images, saying so', async () => {
    const half = rgbaImage(28, 28, (x) => [200, 200, 200, x < 14 ? 0 : 255]);
    const s = unwrap(await grey('alpha.zip', zipOf({ 'a/1.png': pngOf(half), 'b/1.png': pngOf(half), 'b/notes.txt': new Uint8Array([65]), '__MACOSX/a/._1.png': new Uint8Array([0]) })));
    expect(Array.from(s.x.subarray(0, 28))).toEqual([...Array<number>(14).fill(0), ...Array<number>(14).fill(200)]);
    expect(s.notes.join(' ')).toMatch(/Skipped a file that is not PNG or JPEG: b\/notes\.txt/);
  });

  it('reads images without class folders as unlabelled', async () => {
    const s = unwrap(await grey('flat.zip', zipOf({ '1.png': pngOf(pattern(1)), '2.png': pngOf(pattern(2)) })));
    expect(s.labels).toBeUndefined();
    expect(s.notes.join(' ')).toMatch(/trained without labels/);
  });
});

describe('bad zips are refused, naming the zip and the problem', () => {
  const good = pngOf(pattern(1));
  const truncated = good.slice(0, good.length - 30);
  it.each([
    ['a corrupt zip', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 9, 9, 9]).buffer, /^broken\.zip: not a readable zip archive \(/],
    ['a file that is not a zip', new TextEncoder().encode('hello').buffer, /^broken\.zip: not a readable zip archive/],
    ['a corrupt image', zipOf({ 'a/1.png': good, 'b/bad.png': truncated }), /^broken\.zip: b\/bad\.png cannot be decoded as PNG \(/],
    ['a corrupt JPEG', zipOf({ 'a/1.png': good, 'b/bad.jpg': jpegOf(pattern(2)).slice(0, 200) }), /^broken\.zip: b\/bad\.jpg cannot be decoded as JPEG/],
    ['an image that is not one', zipOf({ 'a/1.png': good, 'b/fake.png': new TextEncoder().encode('not an image') }), /^broken\.zip: b\/fake\.png is neither a PNG nor a JPEG image/],
    ['an empty class folder', zipOf({ 'a/1.png': good, 'b/1.png': good, 'c/': new Uint8Array(0) }), /^broken\.zip: the class folder c\/ holds no PNG or JPEG image$/],
    ['an empty class folder beside a single class', zipOf({ 'a/1.png': good, 'a/2.png': good, 'b/': new Uint8Array(0) }), /^broken\.zip: the class folder b\/ holds no PNG or JPEG image$/],
    ['a class folder with no image in it', zipOf({ 'a/1.png': good, 'b/1.png': good, 'c/readme.txt': new Uint8Array([65]) }), /^broken\.zip: the class folder c\/ holds no PNG or JPEG image$/],
    ['images nested too deep', zipOf({ 'a/1.png': good, 'b/x/1.png': good }), /^broken\.zip: b\/x\/1\.png is nested deeper than one folder per class/],
    ['images beside class folders', zipOf({ 'a/1.png': good, 'loose.png': good }), /^broken\.zip: loose\.png is not in a class folder, while other images are/],
    ['no images', zipOf({ 'a/readme.txt': new Uint8Array([65]) }), /^broken\.zip: holds no PNG or JPEG image \(only a\/readme\.txt\)/],
  ])('%s', async (_, bytes, message) => {
    expect(error(await grey('broken.zip', bytes))).toMatch(message);
  });

  it('refuses a labels file beside a zip', async () => {
    const result = parseOwnData({ data: { name: 'pets.zip', bytes: zipOf({ 'a/1.png': good }) }, labels: { name: 'labels.csv', bytes: new ArrayBuffer(2) } }, 'grey-28');
    expect(error(await result)).toMatch(/^labels\.csv: an image zip takes its labels from its class folders/);
  });

  it('refuses more images than the limit without decoding them', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let k = 0; k <= OWN_DATA_LIMITS.images; k++) entries[`${k % 2}/${k}.png`] = new Uint8Array(1);
    expect(error(await grey('many.zip', zipOf(entries)))).toBe('many.zip: 20,001 images, more than the 20,000 the lab trains on; take a subset');
  });
});
