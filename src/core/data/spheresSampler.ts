import { SeededRandom } from '../random';
import { checkSpheresOptions, defaultSpheresOptions, longTailCounts, type SpheresOptions } from './spheres';
import type { DatasetData, SampleSet } from './types';
import { dot, normaliseInPlace, randomUnitVector, sampleVonMisesFisher } from './vonMisesFisher';

// Sampling the spheres, apart from their options (spheres.ts): the page reads the options and defaults on its
// first screen, and only the workers and the diagnostics page draw samples.

/** Independent streams, so e.g. changing the long-tail ratio leaves the class means and eval set unchanged. */
const STREAM = { means: 1, train: 2, eval: 3, trainOrder: 4, evalOrder: 5 } as const;

/**
 * A synthetic dataset on the unit sphere: `classes` mean directions spread apart by repulsion, and
 * instances drawn from a von Mises–Fisher distribution around each (Wood's sampler, exact for every κ).
 * Each point is one instance; augmentations make its views, so two points of one class are the "false
 * negatives" of contrastive learning. Rows are shuffled so any prefix mixes the classes.
 * Throws a RangeError naming the bad option.
 */
export function makeSpheres(options: Partial<SpheresOptions> = {}): DatasetData {
  const o: SpheresOptions = { ...defaultSpheresOptions, ...options };
  const problem = checkSpheresOptions(o);
  if (problem) throw new RangeError(problem);
  const root = new SeededRandom(o.seed);
  const means = spreadDirections(o.classes, o.dim, root.fork(STREAM.means));
  const trainCounts = longTailCounts(o.instancesPerClass, o.classes, o.longTailRatio);
  const evalCounts = new Array<number>(o.classes).fill(o.evalPerClass);
  return {
    id: 'spheres',
    label: `Spheres (S^${o.dim - 1})`,
    kind: 'vector',
    inputShape: [o.dim],
    featureSize: o.dim,
    classes: o.classes,
    classNames: Array.from({ length: o.classes }, (_, c) => `class ${c}`),
    train: sampleSplit(means, trainCounts, o.concentration, root.fork(STREAM.train), root.fork(STREAM.trainOrder)),
    eval: sampleSplit(means, evalCounts, o.concentration, root.fork(STREAM.eval), root.fork(STREAM.evalOrder)),
  };
}

/**
 * `count` unit vectors pushed apart: random starts, then normalised steps along the tangential Coulomb
 * force with a decaying step. Reaches the evenly spaced circle in 2-D, the octahedron for 6 points in 3-D,
 * the regular simplex when count ≤ dim + 1, and near-orthogonal frames in high dimension.
 */
export function spreadDirections(count: number, dim: number, rng: SeededRandom): Float64Array[] {
  const points = Array.from({ length: count }, () => randomUnitVector(dim, rng));
  const iterations = 300;
  const force = new Float64Array(dim);
  for (let t = 0; t < iterations; t++) {
    const step = 0.2 * (1 - t / iterations) ** 2;
    const moved = points.map((xi, i) => {
      force.fill(0);
      for (let j = 0; j < count; j++) {
        if (j === i) continue;
        const xj = points[j];
        let d2 = 1e-12;
        for (let k = 0; k < dim; k++) d2 += (xi[k] - xj[k]) ** 2;
        const scale = 1 / (d2 * Math.sqrt(d2));
        for (let k = 0; k < dim; k++) force[k] += (xi[k] - xj[k]) * scale;
      }
      const radial = dot(force, xi);
      let tangential = 0;
      for (let k = 0; k < dim; k++) {
        force[k] -= radial * xi[k];
        tangential += force[k] ** 2;
      }
      const out = Float64Array.from(xi);
      if (tangential > 0) {
        const s = step / Math.sqrt(tangential);
        for (let k = 0; k < dim; k++) out[k] += s * force[k];
      }
      return normaliseInPlace(out);
    });
    moved.forEach((p, i) => (points[i] = p));
  }
  return points;
}

function sampleSplit(
  means: readonly Float64Array[],
  counts: readonly number[],
  kappa: number,
  rng: SeededRandom,
  orderRng: SeededRandom,
): SampleSet {
  const dim = means[0].length;
  const n = counts.reduce((a, b) => a + b, 0);
  const order = orderRng.sampleWithoutReplacement(n, n);
  const x = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  let i = 0;
  counts.forEach((count, c) => {
    // One stream per class: a class's first instances do not change when another class's count does.
    const classRng = rng.fork(c);
    for (let k = 0; k < count; k++, i++) {
      const row = order[i];
      x.set(sampleVonMisesFisher(means[c], kappa, classRng), row * dim);
      labels[row] = c;
    }
  });
  return { n, x, labels };
}
