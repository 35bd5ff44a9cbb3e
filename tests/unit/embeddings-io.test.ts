import { dump } from 'npyjs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/core/result';
import {
  checkConsistent,
  parseEmbeddingFile,
  parseEmbeddingInputs,
  parseLabelFile,
  type EmbeddingMatrix,
} from '../../src/io/embeddings';

const text = (s: string): ArrayBuffer => new TextEncoder().encode(s).buffer as ArrayBuffer;

/** A .npy file with a hand-written header dict (padded like numpy does) followed by `data`. */
function npy(dict: string, data: Uint8Array = new Uint8Array(0), version = 1): ArrayBuffer {
  const prefix = version === 1 ? 10 : 12;
  let header = dict;
  const pad = (64 - ((prefix + header.length + 1) % 64)) % 64;
  header += ' '.repeat(pad) + '\n';
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(data, prefix + header.length);
  return out.buffer;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}

function error<T>(r: Result<T>): string {
  if (r.ok) throw new Error('expected a failure, got success');
  return r.error;
}

const emb = (name: string, bytes: ArrayBuffer, role: 'view1' | 'view2' = 'view1') => parseEmbeddingFile(name, bytes, role);

describe('embeddings from .npy', () => {
  it('reads float32 row-major data as is', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6.5]);
    const m = value(emb('a.npy', dump(data, [3, 2])));
    expect(m.rows).toBe(3);
    expect(m.cols).toBe(2);
    expect(m.data).toBeInstanceOf(Float32Array);
    expect([...m.data]).toEqual([1, 2, 3, 4, 5, 6.5]);
  });

  it('converts float64 to float32', () => {
    const data = new Float64Array([0.1, -0.2, 0.3, 1e-3, 7, 8, 9, 10]);
    const m = value(emb('b.NPY', dump(data, [2, 4])));
    expect([m.rows, m.cols]).toEqual([2, 4]);
    expect([...m.data]).toEqual([...data].map(Math.fround));
  });

  it('reads a version 2.0 header', () => {
    const data = new Float32Array([1, 0, 0, 1]);
    const m = value(emb('v2.npy', npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", bytesOf(data), 2)));
    expect([...m.data]).toEqual([1, 0, 0, 1]);
  });

  it('names the role, the file and the problem for every bad file', () => {
    const f4 = (values: number[]) => bytesOf(new Float32Array(values));
    const header = (descr: string, shape: string, fortran = 'False') =>
      `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
    const cases: [ArrayBuffer, string][] = [
      [new ArrayBuffer(0), 'view1 (a.npy): the file is empty'],
      [
        new Uint8Array([1, 2, 3, 250, 251, 0, 9, 200]).buffer,
        'view1 (a.npy): not a .npy file (the \\x93NUMPY signature is missing); save it with np.save',
      ],
      [text('1,2\n3,4\n'), 'view1 (a.npy): not a .npy file (it looks like text; a CSV file must end in .csv)'],
      [new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).buffer, 'view1 (a.npy): corrupt .npy file: it ends inside the header'],
      [npy(header('<f4', '(2, 2)')).slice(0, 40), 'view1 (a.npy): corrupt .npy file: it ends inside the header'],
      [npy("{'fortran_order': False, 'shape': (2, 2), }"), 'view1 (a.npy): corrupt .npy header: no dtype (descr)'],
      [npy("{'descr': '<f4', 'shape': (2, 2), }", f4([1, 2, 3, 4])), 'view1 (a.npy): corrupt .npy header: no fortran_order'],
      [
        npy("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2,), }", f4([1, 2, 3, 4])),
        'view1 (a.npy): structured (record) arrays are not supported; save a plain numeric array',
      ],
      [
        npy(header('<f4', '(3, 2)', 'True'), f4([1, 2, 3, 4, 5, 6])),
        'view1 (a.npy): Fortran-order .npy is not supported; save with np.ascontiguousarray',
      ],
      [
        dump(new BigInt64Array([1n, 2n, 3n, 4n]), [2, 2]),
        'view1 (a.npy): dtype int64 is not a float type (float32 or float64 expected)',
      ],
      [dump(new Int32Array([1, 2, 3, 4]), [2, 2]), 'view1 (a.npy): dtype int32 is not a float type (float32 or float64 expected)'],
      [
        npy(header('|b1', '(2, 2)'), new Uint8Array([1, 0, 0, 1])),
        'view1 (a.npy): dtype bool is not a float type (float32 or float64 expected)',
      ],
      [
        npy(header('<f2', '(2, 2)'), new Uint8Array(8)),
        'view1 (a.npy): dtype float16 is not supported (float32 or float64 expected); save with arr.astype(np.float32)',
      ],
      [
        npy(header('>f4', '(2, 2)'), f4([1, 2, 3, 4])),
        "view1 (a.npy): big-endian dtype >f4 is not supported; save with arr.astype('<f4')",
      ],
      [dump(new Float32Array(10), [10]), 'view1 (a.npy): expected a 2-D array, got shape (10)'],
      [dump(new Float32Array(24).fill(1), [2, 3, 4]), 'view1 (a.npy): expected a 2-D array, got shape (2, 3, 4)'],
      [npy(header('<f4', '()'), f4([1])), 'view1 (a.npy): expected a 2-D array, got shape ()'],
      [
        npy(header('<f4', '(3, 2)'), f4([1, 2, 3, 4])),
        'view1 (a.npy): the file is truncated: shape (3, 2) of float32 needs 24 bytes of data, found 16',
      ],
      [
        npy(header('<f4', '(2, 2)'), f4([1, 2, 3, 4, 5])),
        'view1 (a.npy): corrupt .npy file: 4 unexpected bytes after the (2, 2) float32 data',
      ],
      [npy(header('<f4', '(2, x)')), 'view1 (a.npy): corrupt .npy header: shape (2, x) is not a tuple of sizes'],
      [dump(new Float32Array(0), [0, 4]), 'view1 (a.npy): the file holds no rows'],
      [dump(new Float32Array(0), [3, 0]), 'view1 (a.npy): the rows have no values (shape (3, 0))'],
      [dump(new Float32Array([1, 2, 3, 4]), [1, 4]), 'view1 (a.npy): 1 row; at least 2 are needed'],
      [dump(new Float32Array([1, 2, 3, 4, 5, NaN]), [3, 2]), 'view1 (a.npy): row 3, column 2 is NaN'],
      [dump(new Float32Array([1, 2, Infinity, 4]), [2, 2]), 'view1 (a.npy): row 2, column 1 is Inf'],
      [dump(new Float64Array([1, 2, 3, -Infinity]), [2, 2]), 'view1 (a.npy): row 2, column 2 is -Inf'],
      [dump(new Float64Array([1, 2, 1e300, 4]), [2, 2]), 'view1 (a.npy): row 2, column 1 is 1e+300, beyond the float32 range'],
      [dump(new Float32Array([1, 2, 0, 0, 5, 6]), [3, 2]), 'view1 (a.npy): row 2 has zero norm and cannot be L2-normalised'],
      [
        dump(new Float32Array([1, 2, 3e-12, 4e-12]), [2, 2]),
        'view1 (a.npy): row 2 has norm 5.00e-12, too small to be L2-normalised in float32 (norms must lie in [1e-10, 1000000000000000000]); rescale the embeddings',
      ],
    ];
    for (const [bytes, message] of cases) expect(error(emb('a.npy', bytes))).toBe(message);
  });

  it('rejects data that does not start on an item boundary (npyjs could not view it as float32)', () => {
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
    const header = `${dict}   \n`; // 10 + 65 bytes: the data would start at offset 75
    const out = new Uint8Array(10 + header.length + 16);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(out.buffer).setUint16(8, header.length, true);
    for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
    expect((10 + header.length) % 4).not.toBe(0);
    expect(error(emb('a.npy', out.buffer))).toBe('view1 (a.npy): corrupt .npy file: the data does not start on a 4-byte boundary');
  });

  it('uses the view2 role in messages', () => {
    expect(error(emb('b.npy', dump(new Float32Array([1, NaN, 1, 1]), [2, 2]), 'view2'))).toBe('view2 (b.npy): row 1, column 2 is NaN');
  });
});

describe('embeddings from .csv', () => {
  it('reads rows of comma-separated numbers, with CRLF, spaces, exponents and a blank trailing line', () => {
    const m = value(emb('a.csv', text('1, 2.5,-3e-1\r\n+4,.5,6E2\r\n0,0,1\r\n\r\n')));
    expect([m.rows, m.cols]).toEqual([3, 3]);
    expect([...m.data]).toEqual([1, 2.5, -0.3, 4, 0.5, 600, 0, 0, 1].map(Math.fround));
  });

  it('reads a file without a trailing newline', () => {
    const m = value(emb('a.csv', text('1,0\n0,1')));
    expect([...m.data]).toEqual([1, 0, 0, 1]);
  });

  it('names the role, the file and the problem for every bad file', () => {
    const cases: [string | ArrayBuffer, string][] = [
      ['', 'view2 (b.csv): the file is empty'],
      ['\n \n\n', 'view2 (b.csv): the file is empty'],
      ['1,2\n3,4\n5,6,7\n8,9\n', 'view2 (b.csv): row 3 has 3 values, expected 2'],
      ['1,2,3,4\n1,2,3,4\n1,2,3\n', 'view2 (b.csv): row 3 has 3 values, expected 4'],
      ['1,2\n\n3,4\n', 'view2 (b.csv): row 2 is empty'],
      ['1,2\n3,\n', 'view2 (b.csv): row 2, column 2 is empty'],
      ['x,y\n1,2\n3,4\n', 'view2 (b.csv): row 1, column 1 is not a number: “x” (the file must have no header row)'],
      ['1,2\n3,abc\n', 'view2 (b.csv): row 2, column 2 is not a number: “abc”'],
      ['1;2\n3;4\n', 'view2 (b.csv): row 1, column 1 is not a number: “1;2” (values must be separated by commas)'],
      ['1\t2\n3\t4\n', 'view2 (b.csv): row 1, column 1 is not a number: “1\t2” (values must be separated by commas)'],
      ['1,2\n3;4\n', 'view2 (b.csv): row 2 has 1 value, expected 2'],
      ['1,2\n3,0x10\n', 'view2 (b.csv): row 2, column 2 is not a number: “0x10”'],
      ['1,2\n3,4\n5,nan\n', 'view2 (b.csv): row 3, column 2 is NaN'],
      ['1,2\n3,NaN\n', 'view2 (b.csv): row 2, column 2 is NaN'],
      ['1,inf\n3,4\n', 'view2 (b.csv): row 1, column 2 is Inf'],
      ['1,2\n-Infinity,4\n', 'view2 (b.csv): row 2, column 1 is -Inf'],
      ['1,2\n3,1e39\n', 'view2 (b.csv): row 2, column 2 is 1e+39, beyond the float32 range'],
      ['1,2\n0,0\n', 'view2 (b.csv): row 2 has zero norm and cannot be L2-normalised'],
      ['1,2,3\n', 'view2 (b.csv): 1 row; at least 2 are needed'],
      [new Uint8Array([0x31, 0x2c, 0xff, 0xfe, 0x0a]).buffer, 'view2 (b.csv): not a text file (invalid UTF-8); a .csv file must hold comma-separated numbers'],
      [dump(new Float32Array([1, 2, 3, 4]), [2, 2]), 'view2 (b.csv): this is a .npy file, not CSV text; give it a .npy extension'],
    ];
    for (const [content, message] of cases) {
      expect(error(emb('b.csv', typeof content === 'string' ? text(content) : content, 'view2'))).toBe(message);
    }
  });

  it('rejects other extensions with a clear message', () => {
    expect(error(emb('a.txt', text('1,2\n3,4\n')))).toBe('view1 (a.txt): unsupported file type “.txt”; embeddings must be a .npy or .csv file');
    expect(error(emb('dir.v1/a', text('1,2\n3,4\n')))).toBe(
      'view1 (dir.v1/a): the file name has no extension; embeddings must be a .npy or .csv file',
    );
    expect(error(emb('a.npz', text('PK')))).toBe(
      'view1 (a.npz): .npz archives are not supported; save each array with np.save(...) as .npy (embeddings must be a .npy or .csv file)',
    );
  });
});

describe('labels', () => {
  it('reads every integer dtype from .npy', () => {
    expect([...value(parseLabelFile('y.npy', dump(new BigInt64Array([0n, 2n, 1n, -1n]), [4])))]).toEqual([0, 2, 1, -1]);
    expect([...value(parseLabelFile('y.npy', dump(new Uint8Array([3, 255]), [2])))]).toEqual([3, 255]);
    expect([...value(parseLabelFile('y.npy', dump(new Int16Array([-7, 7]), [2])))]).toEqual([-7, 7]);
    expect([...value(parseLabelFile('y.npy', dump(new Uint32Array([5, 6]), [2])))]).toEqual([5, 6]);
    const labels = value(parseLabelFile('y.npy', dump(new Int32Array([9, 8, 7]), [3])));
    expect(labels).toBeInstanceOf(Int32Array);
    expect([...labels]).toEqual([9, 8, 7]);
  });

  it('reads one integer per line from .csv', () => {
    const labels = value(parseLabelFile('y.csv', text('0\r\n 1 \n+2\n-3\n\n')));
    expect([...labels]).toEqual([0, 1, 2, -3]);
  });

  it('rejects non-integer labels with a message', () => {
    const cases: [string, ArrayBuffer, string][] = [
      ['y.npy', dump(new Float64Array([0, 1, 2]), [3]), 'labels (y.npy): dtype float64 is not an integer type (labels must be integers, e.g. int64)'],
      ['y.npy', dump(new Float32Array([0, 1]), [2]), 'labels (y.npy): dtype float32 is not an integer type (labels must be integers, e.g. int64)'],
      ['y.npy', dump(new Int32Array([0, 1, 2, 3]), [2, 2]), 'labels (y.npy): expected a 1-D array of labels, got shape (2, 2)'],
      ['y.npy', dump(new BigInt64Array([0n, 3000000000n]), [2]), 'labels (y.npy): value 3000000000 at index 1 is outside the 32-bit integer range'],
      ['y.npy', new ArrayBuffer(0), 'labels (y.npy): the file is empty'],
      ['y.npy', text('garbage'), 'labels (y.npy): not a .npy file (it looks like text; a CSV file must end in .csv)'],
      ['y.csv', text('0\n1\n2\n2.5\n'), 'labels (y.csv): value 2.5 on line 4 is not an integer'],
      ['y.csv', text('0\n1.0\n'), 'labels (y.csv): value 1.0 on line 2 is not an integer'],
      ['y.csv', text('0\nnan\n'), 'labels (y.csv): value nan on line 2 is not an integer'],
      ['y.csv', text('label\n0\n'), 'labels (y.csv): line 1 is not an integer: “label” (the file must have no header row)'],
      ['y.csv', text('0\ncat\n'), 'labels (y.csv): line 2 is not an integer: “cat”'],
      ['y.csv', text('0\n1,2\n'), 'labels (y.csv): line 2 has 2 values; expected one integer per line'],
      ['y.csv', text('0\n\n1\n'), 'labels (y.csv): line 2 is empty'],
      ['y.csv', text('0\n4294967296\n'), 'labels (y.csv): value 4294967296 on line 2 is outside the 32-bit integer range'],
      ['y.csv', text(''), 'labels (y.csv): the file is empty'],
      ['y.json', text('[0, 1]'), 'labels (y.json): unsupported file type “.json”; labels must be a .npy or .csv file'],
    ];
    for (const [name, bytes, message] of cases) expect(error(parseLabelFile(name, bytes))).toBe(message);
  });
});

describe('checkConsistent', () => {
  const matrix = (rows: number, cols: number): EmbeddingMatrix => ({ rows, cols, data: new Float32Array(rows * cols).fill(1) });

  it('accepts matching views and labels', () => {
    const v1 = matrix(4, 3);
    const v2 = matrix(4, 3);
    const labels = new Int32Array([0, 0, 1, 2]);
    const input = value(checkConsistent(v1, v2, labels));
    expect(input.view1).toBe(v1);
    expect(input.view2).toBe(v2);
    expect(input.labels).toBe(labels);
    expect(value(checkConsistent(v1))).toEqual({ view1: v1 });
  });

  it('names what does not match', () => {
    expect(error(checkConsistent(matrix(1000, 4), undefined, new Int32Array(999)))).toBe('labels: 999 labels for 1000 rows');
    expect(error(checkConsistent(matrix(2, 4), undefined, new Int32Array(1), { labels: 'y.csv' }))).toBe('labels (y.csv): 1 label for 2 rows');
    expect(error(checkConsistent(matrix(10, 4), matrix(9, 4), undefined, { view2: 'b.npy' }))).toBe(
      'view2 (b.npy): 9 rows, but view1 has 10; the views must pair row by row',
    );
    expect(error(checkConsistent(matrix(10, 4), matrix(10, 5)))).toBe(
      'view2: dimension 5, but view1 has dimension 4; both views must have the same dimension',
    );
    expect(error(checkConsistent(matrix(3, 4), undefined, new Int32Array([7, 7, 7])))).toBe(
      'labels: every sample has label 7; at least 2 classes are needed',
    );
    expect(error(checkConsistent(matrix(3, 4), undefined, new Int32Array([0, 1, 2])))).toBe(
      'labels: every class has a single sample; at least one class needs 2 samples',
    );
  });
});

describe('parseEmbeddingInputs', () => {
  const v = dump(new Float32Array([1, 0, 0, 1, 1, 1]), [3, 2]);

  it('parses and checks all files together', () => {
    const input = value(
      parseEmbeddingInputs({
        view1: { name: 'a.npy', bytes: v },
        view2: { name: 'b.csv', bytes: text('1,0\n0,1\n1,1\n') },
        labels: { name: 'y.csv', bytes: text('0\n1\n1\n') },
      }),
    );
    expect([input.view1.rows, input.view2?.rows, [...(input.labels ?? [])]]).toEqual([3, 3, [0, 1, 1]]);
  });

  it('reports the first problem with its file name', () => {
    expect(
      error(parseEmbeddingInputs({ view1: { name: 'a.npy', bytes: v }, view2: { name: 'b.csv', bytes: text('1,0\n0,1\n') } })),
    ).toBe('view2 (b.csv): 2 rows, but view1 has 3; the views must pair row by row');
    expect(
      error(parseEmbeddingInputs({ view1: { name: 'a.npy', bytes: v }, labels: { name: 'y.npy', bytes: dump(new Int32Array([0, 1]), [2]) } })),
    ).toBe('labels (y.npy): 2 labels for 3 rows');
  });
});
