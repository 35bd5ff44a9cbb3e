import * as tf from '../core/tf';

/**
 * tfjs-backend-webgpu 4.22 sums all addN inputs in one shader with one storage buffer per input. With more
 * inputs than the device's maxStorageBuffersPerShaderStage allows (8 by default, counting the output) the
 * pipeline is invalid and the result silently wrong, with only a console warning. This replaces the kernel by
 * one that sums at most 7 inputs per shader — the limit every WebGPU device guarantees — and then sums the
 * partial sums the same way.
 */
const MAX_INPUTS_PER_SHADER = 7;

let installed = false;

export function limitWebGpuAddNInputs(): void {
  if (installed) return;
  const original = tf.getKernel(tf.AddN, 'webgpu');
  if (!original) return;
  const addN = (inputs: tf.TensorInfo[], backend: tf.KernelBackend, attrs: tf.NamedAttrMap | undefined): tf.TensorInfo =>
    // addN's inputs are a list of tensors, although tfjs types every kernel's inputs as a name map.
    original.kernelFunc({ inputs: inputs as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;

  const chunked: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
    // tfjs types a kernel's backend as {} (to avoid a circular import); it is the webgpu KernelBackend.
    const backend = untyped as tf.KernelBackend;
    let pending = inputs as unknown as tf.TensorInfo[];
    const partials: tf.TensorInfo[] = [];
    while (pending.length > MAX_INPUTS_PER_SHADER) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < pending.length; i += MAX_INPUTS_PER_SHADER) {
        const group = pending.slice(i, i + MAX_INPUTS_PER_SHADER);
        if (group.length === 1) {
          next.push(group[0]!);
        } else {
          const partial = addN(group, backend, attrs);
          partials.push(partial);
          next.push(partial);
        }
      }
      pending = next;
    }
    const sum = addN(pending, backend, attrs);
    for (const partial of partials) backend.disposeData(partial.dataId);
    return sum;
  };
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ ...original, kernelFunc: chunked });
  installed = true;
}
