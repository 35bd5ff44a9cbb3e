/**
 * Reads exported embeddings and labels (.npy or .csv) into validated arrays. Shared by the command-line
 * analyzer and the browser page, so it only takes bytes (ArrayBuffer) and returns Results: no node: imports,
 * no DOM, no exceptions escape.
 *
 * Rows and columns in messages are counted from 1 (row r of a CSV file is its line r).
 */
import { parse as parseNpy } from 'npyjs';
import { errorMessage } from '../core/errors';
import type { EmbeddingMatrix } from '../core/metrics/types';
import { fail, ok, type Result } from '../core/result';
import { quoted, shown } from '../core/quote';

export type { EmbeddingMatrix };

export type EmbeddingRole = 'view1' | 'view2';
/** `data`: the feature vectors of the user's own dataset, to train on. */
export type FileRole = EmbeddingRole | 'data' | 'labels';

/** One file as handed over by the CLI (path + bytes read from disk) or the page (File.name + arrayBuffer()). */
export interface InputFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

export interface EmbeddingInput {
  readonly view1: EmbeddingMatrix;
  readonly view2?: EmbeddingMatrix;
  readonly labels?: Int32Array;
}

export type FileNames = Partial<Record<FileRole, string>>;

/** "view1 (a.npy)" or, without a name, "view1". */
function who(role: FileRole, name?: string): string {
  return name ? `${role} (${name})` : role;
}

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

function unsupportedExtension(ext: string, what: string): string {
  if (ext === '') return `the file name has no extension; ${what}`;
  if (ext === '.npz') return `.npz archives are not supported; save each array with np.save(...) as .npy (${what})`;
  return `unsupported file type “${ext}”; ${what}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------- .npy

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const NUMPY_NAMES: Readonly<Record<string, string>> = {
  b1: 'bool',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  f16: 'float128',
  c8: 'complex64',
  c16: 'complex128',
  O: 'object',
};
const ITEM_SIZE: Readonly<Record<string, number>> = { i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8, f4: 4, f8: 8 };
const FLOAT_CODES = new Set(['f4', 'f8']);
const INT_CODES = new Set(['i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8']);

interface NpyHeader {
  /** Without the byte-order character: "f4", "i8", "U10"... */
  readonly code: string;
  readonly byteOrder: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  readonly dataOffset: number;
}

function dtypeName(code: string): string {
  // Own keys only: a header's descr of “constructor” must not find Object's.
  if (Object.hasOwn(NUMPY_NAMES, code)) return NUMPY_NAMES[code]!;
  if (/^U\d+$/.test(code)) return `str (${code})`;
  if (/^S\d+$/.test(code)) return `bytes (${code})`;
  return shown(code, 40);
}

function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 64));
  return head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

/** Reads and checks the .npy header ourselves, so that every problem gets a precise message. */
function readNpyHeader(bytes: ArrayBuffer): Result<NpyHeader> {
  const u8 = new Uint8Array(bytes);
  if (!NPY_MAGIC.every((b, i) => u8[i] === b)) {
    return fail(
      looksLikeText(u8)
        ? 'not a .npy file (it looks like text; a CSV file must end in .csv)'
        : 'not a .npy file (the \\x93NUMPY signature is missing); save it with np.save',
    );
  }
  if (u8.length < 10) return fail('corrupt .npy file: it ends inside the header');
  const major = u8[6]!;
  if (major < 1 || major > 3) return fail(`unsupported .npy format version ${major}.${u8[7]}`);
  const view = new DataView(bytes);
  const lengthBytes = major === 1 ? 2 : 4;
  if (u8.length < 8 + lengthBytes) return fail('corrupt .npy file: it ends inside the header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataOffset = headerStart + headerLength;
  if (dataOffset > u8.length) return fail('corrupt .npy file: it ends inside the header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(u8.subarray(headerStart, dataOffset));

  const descr = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(header);
  if (!descr) {
    return fail(
      /['"]descr['"]\s*:\s*\[/.test(header)
        ? 'structured (record) arrays are not supported; save a plain numeric array'
        : 'corrupt .npy header: no dtype (descr)',
    );
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  if (!fortran) return fail('corrupt .npy header: no fortran_order');
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) return fail('corrupt .npy header: no shape');
  const parts = shapeMatch[1]!.split(',').map((x) => x.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const shape: number[] = [];
  for (const part of parts) {
    if (!/^\d+L?$/.test(part)) return fail(`corrupt .npy header: shape (${shapeMatch[1]}) is not a tuple of sizes`);
    shape.push(Number.parseInt(part, 10));
  }
  const raw = descr[2]!;
  const order = /^[<>|=]/.test(raw) ? raw[0]! : '';
  return ok({ code: order ? raw.slice(1) : raw, byteOrder: order, fortranOrder: fortran[1] === 'True', shape, dataOffset });
}

interface NpyArray {
  readonly code: string;
  readonly shape: readonly number[];
  /** Exactly prod(shape) elements. */
  readonly data: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;
}

/**
 * Header checks, dtype check (`accept` decides which codes may pass and words the refusal), size check, then
 * npyjs decodes the data.
 */
function readNpy(bytes: ArrayBuffer, accept: (code: string) => string | null): Result<NpyArray> {
  const header = readNpyHeader(bytes);
  if (!header.ok) return header;
  const { code, byteOrder, fortranOrder, shape, dataOffset } = header.value;
  const refusal = accept(code);
  if (refusal) return fail(refusal);
  const size = ITEM_SIZE[code]!;
  if (byteOrder === '>' && size > 1) {
    return fail(`big-endian dtype >${code} is not supported; save with arr.astype('<${code}')`);
  }
  if (fortranOrder && shape.length > 1) {
    return fail('Fortran-order .npy is not supported; save with np.ascontiguousarray');
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * size;
  const actual = bytes.byteLength - dataOffset;
  if (actual < expected) {
    return fail(
      `the file is truncated: shape ${formatShape(shape)} of ${dtypeName(code)} needs ${expected} bytes of data, found ${actual}`,
    );
  }
  if (actual > expected) {
    return fail(`corrupt .npy file: ${actual - expected} unexpected bytes after the ${formatShape(shape)} ${dtypeName(code)} data`);
  }
  if (dataOffset % size !== 0) return fail(`corrupt .npy file: the data does not start on a ${size}-byte boundary`);
  let parsed: ReturnType<typeof parseNpy>;
  try {
    parsed = parseNpy(bytes);
  } catch (e) {
    return fail(`corrupt .npy file: ${errorMessage(e)}`);
  }
  const data = parsed.data;
  if (
    !(
      data instanceof Float32Array ||
      data instanceof Float64Array ||
      data instanceof Int8Array ||
      data instanceof Uint8Array ||
      data instanceof Int16Array ||
      data instanceof Uint16Array ||
      data instanceof Int32Array ||
      data instanceof Uint32Array ||
      data instanceof BigInt64Array ||
      data instanceof BigUint64Array
    ) ||
    data.length !== count
  ) {
    return fail(`corrupt .npy file: could not decode ${formatShape(shape)} ${dtypeName(code)} data`);
  }
  return ok({ code, shape, data });
}

// ---------------------------------------------------------------------------------------------- text

function decodeText(bytes: ArrayBuffer): Result<string> {
  const u8 = new Uint8Array(bytes);
  if (NPY_MAGIC.every((b, i) => u8[i] === b)) return fail('this is a .npy file, not CSV text; give it a .npy extension');
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(u8));
  } catch {
    return fail('not a text file (invalid UTF-8); a .csv file must hold comma-separated numbers');
  }
}

/** Lines without the trailing blank ones; null when nothing but whitespace is left. */
function contentLines(text: string): string[] | null {
  const lines = text.split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.length === 0 ? null : lines;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAN_TEXT = /^[+-]?nan$/i;
const INF_TEXT = /^[+-]?inf(inity)?$/i;

/** A number, NaN/±Infinity for their usual spellings (numpy writes nan, inf), or null when not a number. */
function parseNumber(cell: string): number | null {
  if (DECIMAL.test(cell)) return Number(cell);
  if (NAN_TEXT.test(cell)) return NaN;
  if (INF_TEXT.test(cell)) return cell.startsWith('-') ? -Infinity : Infinity;
  return null;
}

const quote = (text: string): string => quoted(text, 41);

// ---------------------------------------------------------------------------------------------- embeddings

const FLOAT32_MAX = 3.4028234663852886e38;
/**
 * Row norms the float32 normalisation handles exactly: the sum of squares neither overflows nor underflows,
 * and the norm stays well above the 1e-12 floor of the core's l2Normalise.
 */
const MIN_NORM = 1e-10;
const MAX_NORM = 1e18;

/** Copies to float32 and checks every value is finite, representable and every row has non-zero norm. */
function toEmbeddingMatrix(rows: number, cols: number, values: ArrayLike<number>): Result<EmbeddingMatrix> {
  if (rows === 0) return fail('the file holds no rows');
  if (cols === 0) return fail(`the rows have no values (shape (${rows}, 0))`);
  if (rows < 2) return fail('1 row; at least 2 are needed');
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let norm2 = 0;
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c]!;
      if (!Number.isFinite(v)) return fail(`row ${r + 1}, column ${c + 1} is ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf'}`);
      if (Math.abs(v) > FLOAT32_MAX) return fail(`row ${r + 1}, column ${c + 1} is ${v}, beyond the float32 range`);
      const f = Math.fround(v);
      data[r * cols + c] = f;
      norm2 += f * f;
    }
    if (norm2 === 0) return fail(`row ${r + 1} has zero norm and cannot be L2-normalised`);
    const norm = Math.sqrt(norm2);
    if (norm < MIN_NORM || norm > MAX_NORM) {
      return fail(
        `row ${r + 1} has norm ${norm.toPrecision(3)}, too ${norm < MIN_NORM ? 'small' : 'large'} to be L2-normalised in float32 ` +
          `(norms must lie in [${MIN_NORM}, ${MAX_NORM}]); rescale the embeddings`,
      );
    }
  }
  return ok({ rows, cols, data });
}

function embeddingsFromNpy(bytes: ArrayBuffer): Result<EmbeddingMatrix> {
  const array = readNpy(bytes, (code) => {
    if (FLOAT_CODES.has(code)) return null;
    const name = dtypeName(code);
    if (code === 'f2') return `dtype float16 is not supported (float32 or float64 expected); save with arr.astype(np.float32)`;
    return `dtype ${name} is not a float type (float32 or float64 expected)`;
  });
  if (!array.ok) return array;
  const { shape, data } = array.value;
  if (shape.length !== 2) return fail(`expected a 2-D array, got shape ${formatShape(shape)}`);
  return toEmbeddingMatrix(shape[0]!, shape[1]!, data as Float32Array | Float64Array);
}

function embeddingsFromCsv(bytes: ArrayBuffer): Result<EmbeddingMatrix> {
  const text = decodeText(bytes);
  if (!text.ok) return text;
  const lines = contentLines(text.value);
  if (!lines) return fail('the file is empty');
  const cols = lines[0]!.split(',').length;
  const values = new Float64Array(lines.length * cols);
  for (let r = 0; r < lines.length; r++) {
    const line = lines[r]!;
    if (line.trim() === '') return fail(`row ${r + 1} is empty`);
    const cells = line.split(',');
    if (cells.length !== cols) return fail(`row ${r + 1} has ${plural(cells.length, 'value')}, expected ${cols}`);
    for (let c = 0; c < cols; c++) {
      const cell = cells[c]!.trim();
      if (cell === '') return fail(`row ${r + 1}, column ${c + 1} is empty`);
      const v = parseNumber(cell);
      if (v === null) {
        let hint = '';
        if (/[;\t ]/.test(cell)) hint = ' (values must be separated by commas)';
        else if (r === 0) hint = ' (the file must have no header row)';
        return fail(`row ${r + 1}, column ${c + 1} is not a number: ${quote(cell)}${hint}`);
      }
      values[r * cols + c] = v;
    }
  }
  return toEmbeddingMatrix(lines.length, cols, values);
}

/** Parses one view's embeddings (n × d, one row per sample) from a .npy or .csv file, by its extension. */
export function parseEmbeddingFile(name: string, bytes: ArrayBuffer, role: EmbeddingRole | 'data'): Result<EmbeddingMatrix> {
  return parseByExtension(name, bytes, role, 'embeddings', embeddingsFromNpy, embeddingsFromCsv);
}

/** Reads a .npy or .csv file with the reader its extension calls for; every message names the file. */
function parseByExtension<T>(
  name: string,
  bytes: ArrayBuffer,
  role: FileRole,
  what: string,
  fromNpy: (bytes: ArrayBuffer) => Result<T>,
  fromCsv: (bytes: ArrayBuffer) => Result<T>,
): Result<T> {
  const prefix = who(role, name);
  const ext = extensionOf(name);
  if (ext !== '.npy' && ext !== '.csv') return fail(`${prefix}: ${unsupportedExtension(ext, `${what} must be a .npy or .csv file`)}`);
  if (bytes.byteLength === 0) return fail(`${prefix}: the file is empty`);
  const result = ext === '.npy' ? fromNpy(bytes) : fromCsv(bytes);
  return result.ok ? result : fail(`${prefix}: ${result.error}`);
}

// ---------------------------------------------------------------------------------------------- labels

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function labelsFromNpy(bytes: ArrayBuffer): Result<Int32Array> {
  const array = readNpy(bytes, (code) =>
    INT_CODES.has(code) ? null : `dtype ${dtypeName(code)} is not an integer type (labels must be integers, e.g. int64)`,
  );
  if (!array.ok) return array;
  const { shape, data } = array.value;
  if (shape.length !== 1) return fail(`expected a 1-D array of labels, got shape ${formatShape(shape)}`);
  const labels = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (v < INT32_MIN || v > INT32_MAX) return fail(`value ${String(data[i])} at index ${i} is outside the 32-bit integer range`);
    labels[i] = v;
  }
  return ok(labels);
}

function labelsFromCsv(bytes: ArrayBuffer): Result<Int32Array> {
  const text = decodeText(bytes);
  if (!text.ok) return text;
  const lines = contentLines(text.value);
  if (!lines) return fail('the file is empty');
  const labels = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const cell = lines[i]!.trim();
    const line = i + 1;
    if (cell === '') return fail(`line ${line} is empty`);
    if (cell.includes(',')) return fail(`line ${line} has ${cell.split(',').length} values; expected one integer per line`);
    if (!/^[+-]?\d+$/.test(cell)) {
      if (parseNumber(cell) !== null) return fail(`value ${cell} on line ${line} is not an integer`);
      return fail(`line ${line} is not an integer: ${quote(cell)}${line === 1 ? ' (the file must have no header row)' : ''}`);
    }
    const v = Number(cell);
    if (v < INT32_MIN || v > INT32_MAX) return fail(`value ${cell} on line ${line} is outside the 32-bit integer range`);
    labels[i] = v;
  }
  return ok(labels);
}

/** Parses class labels (one integer per sample) from a .npy (1-D, integer dtype) or .csv file. */
export function parseLabelFile(name: string, bytes: ArrayBuffer): Result<Int32Array> {
  return parseByExtension(name, bytes, 'labels', 'labels', labelsFromNpy, labelsFromCsv);
}

// ---------------------------------------------------------------------------------------------- together

/**
 * Checks that the parsed files describe the same samples: view2 has view1's rows and dimension, there is one
 * label per row, and the labels allow the label metrics (at least two classes, and some class with two
 * samples). `names` only adds file names to the messages.
 */
export function checkConsistent(
  view1: EmbeddingMatrix,
  view2?: EmbeddingMatrix,
  labels?: Int32Array,
  names: FileNames = {},
): Result<EmbeddingInput> {
  if (view2) {
    if (view2.rows !== view1.rows) {
      return fail(`${who('view2', names.view2)}: ${plural(view2.rows, 'row')}, but view1 has ${view1.rows}; the views must pair row by row`);
    }
    if (view2.cols !== view1.cols) {
      return fail(`${who('view2', names.view2)}: dimension ${view2.cols}, but view1 has dimension ${view1.cols}; both views must have the same dimension`);
    }
  }
  if (labels) {
    const prefix = who('labels', names.labels);
    if (labels.length !== view1.rows) return fail(`${prefix}: ${plural(labels.length, 'label')} for ${plural(view1.rows, 'row')}`);
    const counts = new Map<number, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    if (counts.size < 2) return fail(`${prefix}: every sample has label ${labels[0]}; at least 2 classes are needed`);
    if ([...counts.values()].every((c) => c < 2)) {
      return fail(`${prefix}: every class has a single sample; at least one class needs 2 samples`);
    }
  }
  return ok({ view1, ...(view2 ? { view2 } : {}), ...(labels ? { labels } : {}) });
}

/** Parses whichever files are given and checks them together; the first problem found is reported. */
export function parseEmbeddingInputs(files: { view1: InputFile; view2?: InputFile; labels?: InputFile }): Result<EmbeddingInput> {
  const view1 = parseEmbeddingFile(files.view1.name, files.view1.bytes, 'view1');
  if (!view1.ok) return view1;
  let view2: EmbeddingMatrix | undefined;
  if (files.view2) {
    const parsed = parseEmbeddingFile(files.view2.name, files.view2.bytes, 'view2');
    if (!parsed.ok) return parsed;
    view2 = parsed.value;
  }
  let labels: Int32Array | undefined;
  if (files.labels) {
    const parsed = parseLabelFile(files.labels.name, files.labels.bytes);
    if (!parsed.ok) return parsed;
    labels = parsed.value;
  }
  return checkConsistent(view1.value, view2, labels, { view1: files.view1.name, view2: files.view2?.name, labels: files.labels?.name });
}
