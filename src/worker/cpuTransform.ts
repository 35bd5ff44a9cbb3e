import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '../core/tf';

/**
 * tfjs-backend-cpu 4.22's Transform kernel (tf.image.transform) returns from inside its loop over the batch:
 * only image 0 is transformed, every other image comes back filled with the fill value. The image
 * augmentations use it, so on cpu every view but the first would be blank. This runs the kernel once per
 * image, where it is correct, and joins the results.
 */
let installed = false;

export function transformEachImageOnCpu(): void {
  if (installed) return;
  const original = tf.getKernel(tf.Transform, 'cpu');
  if (!original) return;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
    // tfjs types a kernel's backend as {} (to avoid a circular import); it is the cpu backend.
    const backend = untyped as MathBackendCPU;
    const { image, transforms } = inputs as { image: tf.TensorInfo; transforms: tf.TensorInfo };
    const batch = image.shape[0]!;
    if (batch === 1) return original.kernelFunc({ inputs, backend, attrs });
    const pixels = backend.readSync(image.dataId) as Float32Array | Int32Array;
    const matrices = backend.readSync(transforms.dataId) as Float32Array;
    const perImage = pixels.length / batch;
    const oneImageShape = [1, ...image.shape.slice(1)];
    let output: Float32Array | Int32Array | undefined;
    let outputShape: number[] = [];
    for (let b = 0; b < batch; b++) {
      const one = backend.makeTensorInfo(oneImageShape, image.dtype, pixels.subarray(b * perImage, (b + 1) * perImage));
      const matrix = transforms.shape[0] === 1 ? matrices : matrices.subarray(b * 8, b * 8 + 8);
      const oneTransform = backend.makeTensorInfo([1, 8], transforms.dtype, matrix);
      const result = original.kernelFunc({ inputs: { image: one, transforms: oneTransform }, backend, attrs }) as tf.TensorInfo;
      const values = backend.readSync(result.dataId) as Float32Array | Int32Array;
      if (!output) {
        output = image.dtype === 'int32' ? new Int32Array(batch * values.length) : new Float32Array(batch * values.length);
        outputShape = [batch, ...result.shape.slice(1)];
      }
      output.set(values, b * values.length);
      for (const info of [one, oneTransform, result]) backend.disposeData(info.dataId);
    }
    return backend.makeTensorInfo(outputShape, image.dtype, output);
  };
  tf.unregisterKernel(tf.Transform, 'cpu');
  tf.registerKernel({ ...original, kernelFunc });
  installed = true;
}
