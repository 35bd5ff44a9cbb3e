import type { EmbeddingView } from '../figures/embeddingFigure';

/** Rotating the sphere of a 3-D embedding: by dragging (pixels to degrees) or with the arrow keys. */

const DEGREES_PER_PIXEL = 0.5;
export const KEY_STEP_DEGREES = 5;

/** Yaw wraps to (−180, 180]; pitch stops at the poles rather than turning the sphere upside down. */
export function normalizeView(view: EmbeddingView): EmbeddingView {
  const yaw = ((((view.yaw + 180) % 360) + 360) % 360) - 180;
  return { yaw: yaw === -180 ? 180 : yaw, pitch: Math.max(-90, Math.min(90, view.pitch)) };
}

/** Dragging right turns the sphere right; dragging down tilts its top towards the viewer. */
export function dragView(view: EmbeddingView, dx: number, dy: number): EmbeddingView {
  return normalizeView({ yaw: view.yaw + dx * DEGREES_PER_PIXEL, pitch: view.pitch + dy * DEGREES_PER_PIXEL });
}

/** The view after an arrow key, or null for other keys. */
export function keyView(view: EmbeddingView, key: string): EmbeddingView | null {
  switch (key) {
    case 'ArrowLeft':
      return normalizeView({ ...view, yaw: view.yaw - KEY_STEP_DEGREES });
    case 'ArrowRight':
      return normalizeView({ ...view, yaw: view.yaw + KEY_STEP_DEGREES });
    case 'ArrowUp':
      return normalizeView({ ...view, pitch: view.pitch - KEY_STEP_DEGREES });
    case 'ArrowDown':
      return normalizeView({ ...view, pitch: view.pitch + KEY_STEP_DEGREES });
    default:
      return null;
  }
}
