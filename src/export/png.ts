/**
 * PNG chunks, without a decoder: read the chunk list, read the IHDR size, insert tEXt chunks before IEND
 * (each with its CRC-32), so an exported figure carries its configuration, seed and step, and set the pixel
 * density (pHYs), so a 2× figure prints at the size of the 1× one.
 */

export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** The CRC stored in the file. */
  readonly crc: number;
}

/** One tEXt entry: a Latin-1 keyword of 1–79 characters and Latin-1 text. */
export interface PngText {
  readonly keyword: string;
  readonly text: string;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG uses it) of the given bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function hasSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/** The chunks of a PNG in file order; throws on a missing signature or a truncated chunk. */
export function parsePngChunks(bytes: Uint8Array): PngChunk[] {
  if (!hasSignature(bytes)) throw new Error('not a PNG file: the signature is missing');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`truncated PNG: a chunk header at byte ${at} runs past the end`);
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new Error(`truncated PNG: chunk at byte ${at} claims ${length} bytes`);
    const type = ascii(bytes.subarray(at + 4, at + 8));
    chunks.push({ type, data: bytes.slice(at + 8, at + 8 + length), crc: view.getUint32(at + 8 + length) });
    at = end;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** Width and height from the IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const ihdr = parsePngChunks(bytes)[0];
  if (!ihdr || ihdr.type !== 'IHDR' || ihdr.data.length < 8) throw new Error('PNG without an IHDR chunk first');
  const view = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, ihdr.data.byteLength);
  return { width: view.getUint32(0), height: view.getUint32(4) };
}

function latin1(text: string, what: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error(`${what} must be Latin-1; “${text[i]}” is not`);
    out[i] = code;
  }
  return out;
}

/** A complete chunk: length, type, data and the CRC over type and data. */
export function encodeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type, 'a chunk type'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function textChunkData({ keyword, text }: PngText): Uint8Array {
  if (keyword.length < 1 || keyword.length > 79) throw new Error(`a tEXt keyword has 1–79 characters (got “${keyword}”)`);
  if (text.includes('\0') || keyword.includes('\0')) throw new Error('tEXt keyword and text may not contain NUL');
  const k = latin1(keyword, 'a tEXt keyword');
  const t = latin1(text, 'tEXt text');
  const data = new Uint8Array(k.length + 1 + t.length);
  data.set(k, 0);
  data.set(t, k.length + 1);
  return data;
}

/** Decodes a tEXt chunk's data into keyword and text. */
export function readTextChunk(data: Uint8Array): PngText {
  const nul = data.indexOf(0);
  if (nul < 1) throw new Error('tEXt chunk without a keyword');
  let keyword = '';
  for (const b of data.subarray(0, nul)) keyword += String.fromCharCode(b);
  let text = '';
  for (const b of data.subarray(nul + 1)) text += String.fromCharCode(b);
  return { keyword, text };
}

/** A copy of the PNG with tEXt chunks inserted just before IEND; every other byte is kept. */
export function insertTextChunks(png: Uint8Array, entries: readonly PngText[]): Uint8Array {
  const chunks = parsePngChunks(png);
  if (chunks[chunks.length - 1]?.type !== 'IEND') throw new Error('PNG without an IEND chunk');
  const iendStart = png.length - 12 - trailingBytes(png, chunks);
  const inserted = entries.map((e) => encodeChunk('tEXt', textChunkData(e)));
  const extra = inserted.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(png.length + extra);
  out.set(png.subarray(0, iendStart), 0);
  let at = iendStart;
  for (const c of inserted) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(iendStart), at);
  return out;
}

/** CSS pixels per metre: 96 per inch. */
export const CSS_PIXELS_PER_METRE = 96 / 0.0254;

function assemble(signatureAndChunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(signatureAndChunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const part of signatureAndChunks) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A copy of the PNG whose pHYs chunk (placed right after IHDR, before any image data, as the format requires;
 * any earlier one dropped) says `pixelsPerMetre` in both directions.
 */
export function withPixelDensity(png: Uint8Array, pixelsPerMetre: number): Uint8Array {
  const chunks = parsePngChunks(png);
  if (chunks[0]?.type !== 'IHDR') throw new Error('PNG without an IHDR chunk first');
  const density = Math.round(pixelsPerMetre);
  const data = new Uint8Array(9);
  const view = new DataView(data.buffer);
  view.setUint32(0, density);
  view.setUint32(4, density);
  data[8] = 1; // unit: metre
  const parts = [Uint8Array.from(PNG_SIGNATURE), encodeChunk('IHDR', chunks[0].data), encodeChunk('pHYs', data)];
  for (const c of chunks.slice(1)) if (c.type !== 'pHYs') parts.push(encodeChunk(c.type, c.data));
  return assemble(parts);
}

/** Pixels per metre from a pHYs chunk, or undefined when there is none (or its unit is not the metre). */
export function pixelDensity(png: Uint8Array): number | undefined {
  const phys = parsePngChunks(png).find((c) => c.type === 'pHYs');
  if (!phys || phys.data.length !== 9 || phys.data[8] !== 1) return undefined;
  return new DataView(phys.data.buffer, phys.data.byteOffset, 9).getUint32(0);
}

/** Bytes after IEND (tolerated, kept in place). */
function trailingBytes(png: Uint8Array, chunks: readonly PngChunk[]): number {
  const used = 8 + chunks.reduce((n, c) => n + 12 + c.data.length, 0);
  return png.length - used;
}

/** JSON with every non-ASCII character escaped, so it fits a Latin-1 tEXt chunk and parses back unchanged. */
export function asciiJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
