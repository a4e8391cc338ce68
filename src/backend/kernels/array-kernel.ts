import * as tf from '@tensorflow/tfjs';

// Kernels written in TypeScript that read their inputs and write their outputs in place in
// the backend's own memory (the wasm heap, or the cpu backend's typed arrays), so that a
// fused operation costs one pass over the data and no copies.

type WasmBackend = tf.KernelBackend & {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
};

type CpuBackend = tf.KernelBackend & {
  data: { get(dataId: tf.DataId): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
};

export interface OutputSpec {
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Whether the output must start as zeros (wasm memory is not cleared). */
  zeroed?: boolean;
}

/** The backends array kernels are registered for. */
const arrayKernelBackends = ['wasm', 'cpu'] as const;

/**
 * Allocates the outputs on `backend`, hands the inputs' and outputs' values to `compute`
 * and returns the outputs' tensor infos.
 */
export function runArrayKernel(
  backend: object,
  inputs: tf.TensorInfo[],
  outputs: OutputSpec[],
  compute: (inputs: tf.TypedArray[], outputs: tf.TypedArray[]) => void,
): tf.TensorInfo[] {
  if ('typedArrayFromHeap' in backend) {
    const wasm = backend as WasmBackend;
    const infos = outputs.map(({ shape, dtype }) => wasm.makeOutput(shape, dtype));
    // Views are taken after every allocation: an allocation may grow (and move) the heap.
    const outputValues = infos.map((info) => wasm.typedArrayFromHeap(info));
    outputs.forEach(({ zeroed }, i) => { if (zeroed) outputValues[i]!.fill(0); });
    compute(inputs.map((info) => wasm.typedArrayFromHeap(info)), outputValues);
    return infos;
  }
  const cpu = backend as CpuBackend;
  const outputValues = outputs.map(({ shape, dtype }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  });
  compute(inputs.map((info) => cpu.data.get(info.dataId).values), outputValues);
  return outputs.map(({ shape, dtype }, i) => cpu.makeTensorInfo(shape, dtype, outputValues[i]!));
}

/** Registers `kernelFunc` as `name` on every backend array kernels support. */
export function registerArrayKernel(name: string, kernelFunc: tf.KernelFunc): void {
  for (const backendName of arrayKernelBackends) {
    if (!tf.getKernel(name, backendName)) {
      tf.registerKernel({ kernelName: name, backendName, kernelFunc });
    }
  }
}

/** Whether the array kernel `name` can run on the active backend. */
export function hasArrayKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
