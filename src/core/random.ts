/**
 * Seeded randomness, identical in Node and every browser: integer arithmetic only (Math.imul, >>>), so no
 * platform-dependent rounding enters the stream. Nothing in src draws from the platform generator; runs are reproducible from
 * their seed.
 */

const TWO_POW_32 = 4294967296;

/** Murmur3's finaliser: a bijective avalanche on 32-bit words. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes integers into one unsigned 32-bit seed, e.g. mixSeed(runSeed, step, view) for a tfjs random op
 * (which takes an integer seed). Order matters; integers beyond 32 bits keep their high part.
 */
export function mixSeed(...parts: number[]): number {
  let h = fmix32(0x2545f491 ^ parts.length);
  for (const part of parts) {
    if (!Number.isSafeInteger(part)) throw new RangeError(`seed parts must be integers, got ${part}`);
    h = fmix32(Math.imul(h, 0x9e3779b1) ^ (part >>> 0));
    h = fmix32(h + (Math.floor(part / TWO_POW_32) >>> 0));
  }
  return h;
}

/** xoshiro128** (Blackman & Vigna): 2^128 − 1 period, good statistics, 32-bit integer operations only. */
export class SeededRandom {
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields normals in pairs; the second waits here. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.seed = seed;
    // splitmix32 spreads the seed over the four words (never all zero, since each is an avalanche of a
    // distinct counter value).
    let x = mixSeed(seed);
    const splitmix = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      return fmix32(x);
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, n). The bias of the multiply is below n / 2^32, negligible for array sizes. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) throw new RangeError(`int(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const u = 1 - this.next(); // (0, 1]: log(u) stays finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * k distinct integers from [0, n) in uniformly random order: a partial Fisher–Yates shuffle over a virtual
   * identity array (only swapped slots are stored), so the cost is O(k) however large n is.
   */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
    }
    const swapped = new Map<number, number>();
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const atJ = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out[i] = atJ;
    }
    return out;
  }

  /**
   * An independent stream named by `label`, derived from this generator's seed (not its position), so
   * fork(2) is the same stream however many numbers were drawn before: adding draws to one consumer does
   * not shift another's.
   */
  fork(label: number): SeededRandom {
    return new SeededRandom(mixSeed(this.seed, label));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
