/**
 * 2-D projections of an embedding for the embedding view, computed in the analysis worker: PCA (the
 * figures' own pca) and UMAP (umap-js, seeded). Coordinates are row-major n×2 float32.
 */
import { UMAP } from 'umap-js';
import { SeededRandom } from '../core/random';
import { pca } from '../core/analysis/pca';

export interface Projection {
  readonly kind: 'pca' | 'umap';
  /** n×2, row-major. */
  readonly coordinates: Float32Array;
  /** PCA only: the two components' shares of the variance. */
  readonly explained?: readonly [number, number];
}

/** Power iteration to a direction within ~1e-4 rad, at most 50 steps: plenty for a picture, and it bounds
 *  the cost when the leading eigenvalues are close (each step is d² work, d up to 512 and more). */
const PCA_OPTIONS = { components: 2, maxIterations: 50, tolerance: 1e-4 } as const;

export function pcaProjection(points: ArrayLike<number>, n: number, d: number): Projection {
  const result = pca(points, n, d, PCA_OPTIONS);
  return {
    kind: 'pca',
    coordinates: Float32Array.from(result.projections),
    explained: [result.explained[0] ?? 0, result.explained[1] ?? 0],
  };
}

export const UMAP_NEIGHBORS = 15;
/** Optimisation epochs between progress reports and yields to the worker's message queue. */
const EPOCHS_PER_REPORT = 25;

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * UMAP (15 neighbours, min_dist 0.1) of n points, seeded so the same points give the same layout. Reports
 * its progress as a fraction (the neighbour graph counts as the first 20 %) and yields between epochs.
 */
export async function umapProjection(
  points: ArrayLike<number>,
  n: number,
  d: number,
  seed: number,
  onProgress: (fraction: number) => void,
): Promise<Projection> {
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, q) => points[i * d + q]!));
  const random = new SeededRandom(seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(UMAP_NEIGHBORS, n - 1), minDist: 0.1, random: () => random.next() });
  onProgress(0);
  const epochs = umap.initializeFit(rows);
  onProgress(0.2);
  for (let epoch = 0; epoch < epochs; ) {
    const end = Math.min(epochs, epoch + EPOCHS_PER_REPORT);
    for (; epoch < end; epoch++) umap.step();
    onProgress(0.2 + (0.8 * epoch) / epochs);
    await macrotask();
  }
  const embedding = umap.getEmbedding();
  const coordinates = new Float32Array(2 * n);
  embedding.forEach(([x, y], i) => {
    coordinates[2 * i] = x!;
    coordinates[2 * i + 1] = y!;
  });
  return { kind: 'umap', coordinates };
}
