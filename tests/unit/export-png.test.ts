import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  asciiJson,
  crc32,
  CSS_PIXELS_PER_METRE,
  encodeChunk,
  insertTextChunks,
  parsePngChunks,
  pixelDensity,
  pngSize,
  PNG_SIGNATURE,
  readTextChunk,
  withPixelDensity,
} from '../../src/export/png';

/** CRC-32 bit by bit (no table), straight from the PNG specification's definition: an independent check. */
function bitwiseCrc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

function chunk(type: string, data: Uint8Array): number[] {
  const body = [...ascii(type), ...data];
  const crc = bitwiseCrc(Uint8Array.from(body));
  const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  return [...u32(data.length), ...body, ...u32(crc)];
}

/** A valid 3×2 8-bit grey PNG, assembled by hand (zlib from Node). */
function tinyPng(): Uint8Array {
  const ihdr = Uint8Array.from([0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0]);
  const scanlines = Uint8Array.from([0, 10, 20, 30, 0, 40, 50, 60]);
  return Uint8Array.from([...PNG_SIGNATURE, ...chunk('IHDR', ihdr), ...chunk('IDAT', deflateSync(scanlines)), ...chunk('IEND', new Uint8Array(0))]);
}

/** Every chunk's stored CRC against the bitwise CRC of its type and data. */
function expectValidCrcs(png: Uint8Array): void {
  for (const c of parsePngChunks(png)) expect(c.crc, c.type).toBe(bitwiseCrc(Uint8Array.from([...ascii(c.type), ...c.data])));
}

describe('crc32', () => {
  it('matches the standard check values and the bitwise definition', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
    const random = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919 + 13) % 256);
    expect(crc32(random)).toBe(bitwiseCrc(random));
  });
});

describe('PNG chunks', () => {
  it('parses the chunk list and the IHDR size', () => {
    const png = tinyPng();
    expect(parsePngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    expectValidCrcs(png);
  });

  it('inserts tEXt chunks before IEND with correct CRCs, keeping every other byte', () => {
    const png = tinyPng();
    const json = asciiJson({ figure: 'temperature', label: 'τ min 0.1 – τ max 0.2', seed: 1, step: 1200 });
    const out = insertTextChunks(png, [
      { keyword: 'Title', text: 'Temperature vs cosine similarity' },
      { keyword: 'dystress-lab', text: json },
    ]);
    const chunks = parsePngChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'tEXt', 'IEND']);
    expectValidCrcs(out);
    expect(readTextChunk(chunks[2]!.data)).toEqual({ keyword: 'Title', text: 'Temperature vs cosine similarity' });
    const meta = readTextChunk(chunks[3]!.data);
    expect(meta.keyword).toBe('dystress-lab');
    expect(JSON.parse(meta.text)).toEqual({ figure: 'temperature', label: 'τ min 0.1 – τ max 0.2', seed: 1, step: 1200 });
    // The image data and header are byte-for-byte the same; the file grew by exactly the two chunks.
    const iend = png.length - 12;
    expect(out.subarray(0, iend)).toEqual(png.subarray(0, iend));
    expect(out.subarray(out.length - 12)).toEqual(png.subarray(iend));
    expect(out.length).toBe(png.length + 12 + 6 + 32 + 12 + 13 + json.length);
  });

  it('sets the pixel density in a pHYs chunk right after IHDR, replacing an earlier one', () => {
    const png = withPixelDensity(tinyPng(), CSS_PIXELS_PER_METRE * 2);
    expect(parsePngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expectValidCrcs(png);
    // 192 dpi = 7559.06 px/m; the chunk is ppu x, ppu y (big-endian), unit 1 = metre.
    expect([...parsePngChunks(png)[1]!.data]).toEqual([0, 0, 0x1d, 0x87, 0, 0, 0x1d, 0x87, 1]);
    expect(pixelDensity(png)).toBe(7559);
    const again = withPixelDensity(png, 3780);
    expect(parsePngChunks(again).map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect(pixelDensity(again)).toBe(3780);
    expect(parsePngChunks(again)[2]!.data).toEqual(parsePngChunks(tinyPng())[1]!.data);
    expect(pixelDensity(tinyPng())).toBeUndefined();
  });

  it('encodes a chunk as length, type, data and CRC', () => {
    expect([...encodeChunk('tEXt', ascii('a\0b'))]).toEqual(chunk('tEXt', ascii('a\0b')));
  });

  it('refuses what is not a PNG, truncated files and text that tEXt cannot hold', () => {
    expect(() => parsePngChunks(ascii('GIF89a....'))).toThrow(/signature/);
    expect(() => parsePngChunks(tinyPng().subarray(0, 30))).toThrow(/truncated/);
    expect(() => insertTextChunks(tinyPng(), [{ keyword: 'Title', text: 'τ' }])).toThrow(/Latin-1/);
    expect(() => insertTextChunks(tinyPng(), [{ keyword: '', text: 'x' }])).toThrow(/keyword/);
    expect(() => insertTextChunks(tinyPng(), [{ keyword: 'k'.repeat(80), text: 'x' }])).toThrow(/keyword/);
  });

  it('asciiJson escapes every non-ASCII character and parses back unchanged', () => {
    const value = { a: 'τ(s) = τmin + ½(τmax − τmin)', b: [1.5, -2], c: 'plain' };
    const text = asciiJson(value);
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });
});
