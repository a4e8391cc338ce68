import type * as tf from '@tensorflow/tfjs';
import type { SimdContext } from '../simd/simd-kernels.js';

// The fused batch-norm kernels of batch-norm.ts (formulas there) on the wasm backend's SIMD
// build: the passes over the data run in WebAssembly, the per-channel arithmetic here.

export type OutputMaker = {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
};

/** The forward kernel on the SIMD kernels: one pass for the moments, one for the output. */
export function simdForward(
  simd: SimdContext, backend: OutputMaker,
  inputs: { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo; bias: tf.TensorInfo },
  epsilon: number, relu: boolean,
): tf.TensorInfo[] {
  const { x } = inputs;
  const channels = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const [y, meanOut, varianceOut] = [backend.makeOutput(x.shape, 'float32'),
    backend.makeOutput([channels], 'float32'), backend.makeOutput([channels], 'float32')];
  const [gamma, beta, bias] = [inputs.gamma, inputs.beta, inputs.bias]
    .map((info) => backend.typedArrayFromHeap(info).slice());
  const scratch = simd.scratch();
  // Moments about the first row, which keeps the one-pass variance free of cancellation.
  const firstRow = Float32Array.from(backend.typedArrayFromHeap(x).subarray(0, channels));
  const pivot = scratch.float32(channels, firstRow);
  const sums = scratch.float64(channels);
  const squares = scratch.float64(channels);
  simd.kernels.channelMoments(simd.pointer(x), rows, channels, pivot,
    scratch.float32(channels), scratch.float32(channels), sums, squares);
  const sum = scratch.readFloat64(sums, channels);
  const square = scratch.readFloat64(squares, channels);

  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const centredMean = sum[c]! / rows;
    variance[c] = Math.max(square[c]! / rows - centredMean * centredMean, 0);
    const batchMean = firstRow[c]! + centredMean;
    scale[c] = gamma![c]! / Math.sqrt(variance[c]! + epsilon);
    shift[c] = beta![c]! - batchMean * scale[c]!;
    mean[c] = batchMean + bias![c]!;
  }
  simd.kernels.scaleShift(simd.pointer(x), simd.pointer(y), rows, channels,
    scratch.float32(channels, scale), scratch.float32(channels, shift), relu ? 1 : 0);
  scratch.free();
  backend.typedArrayFromHeap(meanOut).set(mean);
  backend.typedArrayFromHeap(varianceOut).set(variance);
  return [y, meanOut, varianceOut];
}

/** The gradient kernel on the SIMD kernels: one pass for the sums, one for dx. */
export function simdBackward(
  simd: SimdContext, backend: OutputMaker, inputs: Record<
    'dy' | 'x' | 'y' | 'gamma' | 'mean' | 'variance' | 'bias', tf.TensorInfo>,
  epsilon: number, relu: boolean,
): tf.TensorInfo[] {
  const { dy, x, y } = inputs;
  const channels = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const outputs = [backend.makeOutput(x.shape, 'float32'),
    ...[0, 1, 2].map(() => backend.makeOutput([channels], 'float32'))];
  const [gamma, mean, variance, bias] = [inputs.gamma, inputs.mean, inputs.variance,
    inputs.bias].map((info) => backend.typedArrayFromHeap(info).slice());
  const xMean = mean!.map((value, c) => value - bias![c]!);
  const inverseStd = variance!.map((value) => 1 / Math.sqrt(value + epsilon));
  const scratch = simd.scratch();
  const meanPointer = scratch.float32(channels, xMean);
  const sumGPointer = scratch.float64(channels);
  const sumGCentredPointer = scratch.float64(channels);
  const blockA = scratch.float32(channels);
  const blockB = scratch.float32(channels);
  simd.kernels.gradientMoments(simd.pointer(dy), simd.pointer(x), simd.pointer(y), rows,
    channels, meanPointer, relu ? 1 : 0, blockA, blockB, sumGPointer, sumGCentredPointer);
  const sumG = scratch.readFloat64(sumGPointer, channels);
  const sumGCentred = scratch.readFloat64(sumGCentredPointer, channels);

  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  const k = new Float32Array(channels);
  const dGamma = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = inverseStd[c]!;
    dGamma[c] = sumGCentred[c]! * s;
    a[c] = gamma![c]! * s;
    b[c] = -gamma![c]! * s * s * s * sumGCentred[c]! / rows;
    k[c] = -gamma![c]! * s * sumG[c]! / rows;
  }
  const sumDxPointer = scratch.float64(channels);
  simd.kernels.gradientApply(simd.pointer(dy), simd.pointer(x), simd.pointer(y),
    simd.pointer(outputs[0]!), rows, channels, meanPointer, scratch.float32(channels, a),
    scratch.float32(channels, b), scratch.float32(channels, k), relu ? 1 : 0, blockA,
    sumDxPointer);
  const sumDx = scratch.readFloat64(sumDxPointer, channels);
  scratch.free();
  backend.typedArrayFromHeap(outputs[1]!).set(dGamma);
  backend.typedArrayFromHeap(outputs[2]!).set(sumG);
  backend.typedArrayFromHeap(outputs[3]!).set(sumDx);
  return outputs;
}
