import type { EmbeddingView } from '../figures/embeddingFigure';

/** Rotating the sphere of a 3-D embedding: by dragging (pixels to degrees) or with the arrow keys. */

const DEGREES_PER_PIXEL = 0.5;
export const KEY_STEP_DEGREES = 5;

/** Yaw wraps to (−180, 180]; pitch stops at the poles rather than turning the sphere upside down. */
export function normaliseView(view: EmbeddingView): EmbeddingView {
  const yaw = ((((view.yaw + 180) % 360) + 360) % 360) - 180;
  return { yaw: yaw === -180 ? 180 : yaw, pitch: Math.max(-90, Math.min(90, view.pitch)) };
}

/** Dragging right turns the sphere right; dragging down tilts its top towards the viewer. */
export function dragView(view: EmbeddingView, dx: number, dy: number): EmbeddingView {
  return normaliseView({ yaw: view.yaw + dx * DEGREES_PER_PIXEL, pitch: view.pitch + dy * DEGREES_PER_PIXEL });
}

/** The view after an arrow key, or null for other keys. */
export function keyView(view: EmbeddingView, key: string): EmbeddingView | null {
  switch (key) {
    case 'ArrowLeft':
      return normaliseView({ ...view, yaw: view.yaw - KEY_STEP_DEGREES });
    case 'ArrowRight':
      return normaliseView({ ...view, yaw: view.yaw + KEY_STEP_DEGREES });
    case 'ArrowUp':
      return normaliseView({ ...view, pitch: view.pitch - KEY_STEP_DEGREES });
    case 'ArrowDown':
      return normaliseView({ ...view, pitch: view.pitch + KEY_STEP_DEGREES });
    default:
      return null;
  }
}

interface EmbeddingSnapshot {
  readonly dim: number;
  readonly points: Float32Array;
  readonly labels: Int32Array;
  readonly views: { readonly pairs: number; readonly a: Float32Array; readonly b: Float32Array };
}

/**
 * The embedding view's data: the held-out points, and with `linkPairs` the two views of the first samples
 * appended (same classes) with a link joining each pair. The held-out points keep indices 0..n−1.
 */
export function embeddingWithPairs(e: EmbeddingSnapshot, linkPairs: boolean): { dim: number; points: Float32Array; labels: Int32Array; links?: [number, number][] } {
  const { dim, points, labels, views } = e;
  if (!linkPairs || views.pairs === 0) return { dim, points, labels };
  const n = labels.length;
  const m = views.pairs;
  const all = new Float32Array((n + 2 * m) * dim);
  all.set(points.subarray(0, n * dim));
  all.set(views.a.subarray(0, m * dim), n * dim);
  all.set(views.b.subarray(0, m * dim), (n + m) * dim);
  const allLabels = new Int32Array(n + 2 * m);
  allLabels.set(labels);
  allLabels.set(labels.subarray(0, m), n);
  allLabels.set(labels.subarray(0, m), n + m);
  return { dim, points: all, labels: allLabels, links: Array.from({ length: m }, (_, i): [number, number] => [n + i, n + m + i]) };
}
