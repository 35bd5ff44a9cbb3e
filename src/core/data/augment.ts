import { mixSeed, SeededRandom } from '../random';
import * as tf from '../tf';
import type { ImageAugmentation, VectorAugmentation } from './augmentOptions';
import { warpImages } from './warp';

export type { ImageAugmentation, VectorAugmentation } from './augmentOptions';

/**
 * Augmentations built only from ops that every backend implements (cpu, wasm, webgl, webgpu): one projective
 * transform per image, seeded random normals, and masks from coordinate comparisons. Per-sample parameters
 * are drawn on the host from SeededRandom (a few numbers each) and uploaded, so the output is a pure
 * function of (input, strengths, seed) on every backend. Each kind of draw has its own stream: turning one
 * augmentation off does not change the others. The result is always a new tensor the caller owns.
 */
const STREAM = { crop: 1, rotation: 2, translation: 3, erasing: 4, noise: 5, tangent: 6 } as const;

/**
 * Views of points on the unit sphere: a geodesic step (exponential map of a random tangent vector with
 * per-axis std rotation/√(d−1), so its RMS length is `rotation` radians), then ambient Gaussian noise, then
 * back onto the sphere. `x` holds unit rows.
 */
export function augmentVectors(x: tf.Tensor2D, o: VectorAugmentation, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, dim] = x.shape;
    let y: tf.Tensor2D = x;
    if (o.rotation > 0) {
      const g = tf.randomNormal([batch, dim], 0, o.rotation / Math.sqrt(dim - 1), 'float32', mixSeed(seed, STREAM.tangent));
      const tangent = tf.sub(g, tf.mul(x, tf.sum(tf.mul(g, x), 1, true)));
      const angle = tf.sqrt(tf.sum(tf.square(tangent), 1, true));
      // sin(θ)/θ · t, with θ floored so a zero step stays zero instead of 0/0.
      const along = tf.mul(tangent, tf.div(tf.sin(angle), tf.maximum(angle, 1e-12)));
      y = tf.add(tf.mul(x, tf.cos(angle)), along);
    }
    if (o.noise > 0) y = tf.add(y, tf.randomNormal([batch, dim], 0, o.noise, 'float32', mixSeed(seed, STREAM.noise)));
    return tf.div(y, tf.sqrt(tf.maximum(tf.sum(tf.square(y), 1, true), 1e-24)));
  });
}

/**
 * Views of images in [0, 1] (B×H×W×C): random resized crop, rotation and translation fused into one
 * bilinear transform (zero fill), then Gaussian noise clipped back to [0, 1], then random erasing of one
 * rectangle (torchvision's RandomErasing: area 2–33 %, aspect 0.3–3.3, filled with 0).
 */
export function augmentImages(x: tf.Tensor4D, o: ImageAugmentation, seed: number): tf.Tensor4D {
  const [batch, h, w] = x.shape;
  const rng = new SeededRandom(seed);
  const geometry = hasGeometry(o) ? drawGeometry(batch, o, h, w, rng) : null;
  const erasures = o.erasing > 0 ? drawErasures(batch, o.erasing, h, w, rng.fork(STREAM.erasing)) : null;
  return tf.tidy(() => {
    let y: tf.Tensor4D = x;
    if (geometry) y = warpImages(y, Float32Array.from(geometry.flatMap((p) => affineTransform(p, h, w))));
    if (o.noise > 0) {
      const noise = tf.randomNormal(y.shape, 0, o.noise, 'float32', mixSeed(seed, STREAM.noise));
      y = tf.clipByValue(tf.add<tf.Tensor4D>(y, noise), 0, 1);
    }
    if (erasures) y = erase(y, erasures);
    return y === x ? tf.clone(x) : y;
  });
}

/** Normalised crop box, as in tf.image.cropAndResize: [0, 1] spans pixel centres 0 … size − 1. */
export interface CropBox {
  readonly y1: number;
  readonly x1: number;
  readonly y2: number;
  readonly x2: number;
}

export interface GeometryParams {
  readonly box: CropBox;
  /** Radians; positive turns the content counter-clockwise on screen. */
  readonly angle: number;
  /** Pixels; positive moves the content right / down. */
  readonly shiftX: number;
  readonly shiftY: number;
}

const FULL_BOX: CropBox = { y1: 0, x1: 0, y2: 1, x2: 1 };

function hasGeometry(o: ImageAugmentation): boolean {
  return o.cropScale < 1 || o.rotation > 0 || o.translation > 0;
}

function drawGeometry(batch: number, o: ImageAugmentation, h: number, w: number, rng: SeededRandom): GeometryParams[] {
  const cropRng = rng.fork(STREAM.crop);
  const rotationRng = rng.fork(STREAM.rotation);
  const translationRng = rng.fork(STREAM.translation);
  const maxAngle = (o.rotation * Math.PI) / 180;
  return Array.from({ length: batch }, () => ({
    box: o.cropScale < 1 ? drawCropBox(o.cropScale, cropRng) : FULL_BOX,
    angle: maxAngle > 0 ? rotationRng.uniform(-maxAngle, maxAngle) : 0,
    shiftX: o.translation > 0 ? translationRng.uniform(-o.translation, o.translation) * w : 0,
    shiftY: o.translation > 0 ? translationRng.uniform(-o.translation, o.translation) * h : 0,
  }));
}

/** torchvision's RandomResizedCrop: area in [minArea, 1], log-uniform aspect in [3/4, 4/3], 10 tries. */
function drawCropBox(minArea: number, rng: SeededRandom): CropBox {
  for (let attempt = 0; attempt < 10; attempt++) {
    const area = rng.uniform(minArea, 1);
    const aspect = Math.exp(rng.uniform(Math.log(3 / 4), Math.log(4 / 3)));
    const width = Math.sqrt(area * aspect);
    const height = Math.sqrt(area / aspect);
    if (width <= 1 && height <= 1) {
      const x1 = rng.uniform(0, 1 - width);
      const y1 = rng.uniform(0, 1 - height);
      return { y1, x1, y2: y1 + height, x2: x1 + width };
    }
  }
  return FULL_BOX;
}

/**
 * The 8 parameters of tf.image.transform (output pixel → input pixel, x = column): crop first, then rotate
 * about the centre and shift, as in the usual pipeline. input = o + S·(R·(p − c − t) + c), S the crop
 * scale, o its origin, c the centre. Identity parameters give exactly [1, 0, 0, 0, 1, 0, 0, 0].
 */
export function affineTransform(p: GeometryParams, h: number, w: number): number[] {
  const sx = p.box.x2 - p.box.x1;
  const sy = p.box.y2 - p.box.y1;
  const ox = p.box.x1 * (w - 1);
  const oy = p.box.y1 * (h - 1);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  const a0 = sx * cos;
  const a1 = -sx * sin;
  const b0 = sy * sin;
  const b1 = sy * cos;
  const px = cx + p.shiftX;
  const py = cy + p.shiftY;
  return [a0, a1, ox + sx * cx - (a0 * px + a1 * py), b0, b1, oy + sy * cy - (b0 * px + b1 * py), 0, 0];
}

/** Half-open pixel rectangle [y1, y2) × [x1, x2); empty when nothing is erased. */
interface Erasure {
  readonly y1: number;
  readonly x1: number;
  readonly y2: number;
  readonly x2: number;
}

const NO_ERASURE: Erasure = { y1: 0, x1: 0, y2: 0, x2: 0 };

function drawErasures(batch: number, probability: number, h: number, w: number, rng: SeededRandom): Erasure[] {
  return Array.from({ length: batch }, () => {
    if (rng.next() >= probability) return NO_ERASURE;
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = h * w * rng.uniform(0.02, 0.33);
      const aspect = Math.exp(rng.uniform(Math.log(0.3), Math.log(3.3)));
      const eh = Math.round(Math.sqrt(area * aspect));
      const ew = Math.round(Math.sqrt(area / aspect));
      if (eh < h && ew < w) {
        const y1 = rng.int(h - eh + 1);
        const x1 = rng.int(w - ew + 1);
        return { y1, x1, y2: y1 + eh, x2: x1 + ew };
      }
    }
    return NO_ERASURE;
  });
}

/**
 * Rows and columns are tested separately ([B,H,1,1] and [B,1,W,1]); one product makes the full mask. The two
 * small masks are made on the host and uploaded: as comparisons on the device they were eight broadcasting
 * kernels per view, which tfjs-wasm runs at ~250 ns an element (3.5 ms of an MNIST step, BENCHMARKS.md).
 */
function erase(x: tf.Tensor4D, erasures: readonly Erasure[]): tf.Tensor4D {
  const [batch, h, w] = x.shape;
  const within = (size: number, lo: keyof Erasure, hi: keyof Erasure): Float32Array => {
    const mask = new Float32Array(batch * size);
    erasures.forEach((e, b) => mask.fill(1, b * size + Math.max(0, Math.min(size, e[lo])), b * size + Math.max(0, Math.min(size, e[hi]))));
    return mask;
  };
  const rows = tf.tensor4d(within(h, 'y1', 'y2'), [batch, h, 1, 1]);
  const cols = tf.tensor4d(within(w, 'x1', 'x2'), [batch, 1, w, 1]);
  return tf.sub<tf.Tensor4D>(x, tf.mul(x, tf.mul(rows, cols)));
}
