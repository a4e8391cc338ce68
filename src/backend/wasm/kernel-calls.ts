import * as tf from '@tensorflow/tfjs';

// Our wasm kernels are compositions of the wasm backend's own kernels, called directly
// (as the backend's kernels call each other) so that nothing is recorded on the tape.

export type Backend = tf.KernelBackend & {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
};

/** Runs the kernel registered as `name` for the wasm backend on tensor infos. */
export function callWasmKernel(
  name: string, backend: Backend, inputs: Record<string, tf.TensorInfo>, attrs: object = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

/** Frees intermediate results made by `callWasmKernel`. */
export function release(backend: Backend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
