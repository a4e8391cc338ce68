import * as tf from '@tensorflow/tfjs';
import { registerArrayKernel, runArrayKernel } from './array-kernel.js';
import { simdContext, type SimdContext } from '../simd/simd-kernels.js';

// Batch normalisation in training mode over all axes but the last, with a per-channel bias
// added before it (a layer without one passes zeros) and an optional ReLU after it, as two
// fused kernels.
// With z = x + bias, mean m and biased variance v of z over the M rows of each channel,
// s = 1 / sqrt(v + eps), zHat = (z - m) s and u = gamma zHat + beta:
//
//   forward:  y = relu(u) (or u), and the statistics m and v for the running averages;
//   backward: g = dy * [y > 0] (or dy), dBeta = sum g, dGamma = sum g zHat,
//             dz = gamma s (g - dBeta / M - zHat dGamma / M), dx = dz, dBias = sum dz.
//
// The statistics outputs only feed the running averages and carry no gradient.
//
// On the wasm backend's SIMD build, with a channel count divisible by 4, both run as the
// SIMD kernels of src/backend/simd; elsewhere as the TypeScript loops below.

export const batchNormTrainingKernel = 'AplBatchNormTraining';
export const batchNormTrainingGradKernel = 'AplBatchNormTrainingGrad';

export interface BatchNormAttributes {
  epsilon: number;
  relu: boolean;
}

function forward({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x, gamma, beta, bias } = inputs as Record<string, tf.TensorInfo>;
  const { epsilon, relu } = attrs as unknown as BatchNormAttributes;
  const channels = x!.shape[x!.shape.length - 1]!;
  const simd = simdContext(backend);
  if (simd && channels % 4 === 0) {
    return simdForward(simd, backend as OutputMaker, { x: x!, gamma: gamma!, beta: beta!,
      bias: bias! }, epsilon, relu);
  }
  return runArrayKernel(backend, [x!, gamma!, beta!, bias!], [
    { shape: x!.shape, dtype: 'float32' },
    { shape: [channels], dtype: 'float32' },
    { shape: [channels], dtype: 'float32' },
  ], ([xs, gammas, betas, biases], [ys, means, variances]) => {
    normalizeForward(xs as Float32Array, gammas!, betas!, biases!, channels, epsilon, relu,
      ys as Float32Array, means!, variances!);
  });
}

function normalizeForward(
  x: Float32Array, gamma: tf.TypedArray, beta: tf.TypedArray, bias: tf.TypedArray,
  channels: number, epsilon: number, relu: boolean,
  y: Float32Array, meanOut: tf.TypedArray, varianceOut: tf.TypedArray,
): void {
  const rows = x.length / channels;
  const sum = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) sum[c]! += x[i + c]!;
  }
  const mean = sum.map((total) => total / rows);
  const squares = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const centred = x[i + c]! - mean[c]!;
      squares[c]! += centred * centred;
    }
  }
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const variance = squares[c]! / rows;
    scale[c] = gamma[c]! / Math.sqrt(variance + epsilon);
    shift[c] = beta[c]! - mean[c]! * scale[c]!;
    meanOut[c] = mean[c]! + bias[c]!;
    varianceOut[c] = variance;
  }
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const value = x[i + c]! * scale[c]! + shift[c]!;
      y[i + c] = relu && value < 0 ? 0 : value;
    }
  }
}

function backward({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { dy, x, y, gamma, mean, variance, bias } = inputs as Record<string, tf.TensorInfo>;
  const { epsilon, relu } = attrs as unknown as BatchNormAttributes;
  const channels = x!.shape[x!.shape.length - 1]!;
  const simd = simdContext(backend);
  if (simd && channels % 4 === 0) {
    return simdBackward(simd, backend as OutputMaker, { dy: dy!, x: x!, y: y!, gamma: gamma!,
      mean: mean!, variance: variance!, bias: bias! }, epsilon, relu);
  }
  return runArrayKernel(backend, [dy!, x!, y!, gamma!, mean!, variance!, bias!], [
    { shape: x!.shape, dtype: 'float32' },
    { shape: [channels], dtype: 'float32' },
    { shape: [channels], dtype: 'float32' },
    { shape: [channels], dtype: 'float32' },
  ], ([dys, xs, ys, gammas, means, variances, biases], [dxs, dGammas, dBetas, dBiases]) => {
    normalizeBackward({
      dy: dys as Float32Array, x: xs as Float32Array, y: ys as Float32Array, gamma: gammas!,
      mean: means!, variance: variances!, bias: biases!, channels, epsilon, relu,
    }, dxs as Float32Array, dGammas!, dBetas!, dBiases!);
  });
}

interface BackwardInputs {
  dy: Float32Array;
  x: Float32Array;
  y: Float32Array;
  gamma: tf.TypedArray;
  mean: tf.TypedArray;
  variance: tf.TypedArray;
  bias: tf.TypedArray;
  channels: number;
  epsilon: number;
  relu: boolean;
}

function normalizeBackward(
  { dy, x, y, gamma, mean, variance, bias, channels, epsilon, relu }: BackwardInputs,
  dx: Float32Array, dGamma: tf.TypedArray, dBeta: tf.TypedArray, dBias: tf.TypedArray,
): void {
  const rows = x.length / channels;
  // The mean of x alone: the statistics output includes the bias.
  const xMean = new Float32Array(channels);
  const inverseStd = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    xMean[c] = mean[c]! - bias[c]!;
    inverseStd[c] = 1 / Math.sqrt(variance[c]! + epsilon);
  }
  const sumG = new Float64Array(channels);
  const sumGCentred = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const g = relu && y[i + c]! <= 0 ? 0 : dy[i + c]!;
      sumG[c]! += g;
      sumGCentred[c]! += g * (x[i + c]! - xMean[c]!);
    }
  }
  // dz = a g + b (x - mean) + k per channel.
  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  const k = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = inverseStd[c]!;
    dBeta[c] = sumG[c]!;
    dGamma[c] = sumGCentred[c]! * s;
    a[c] = gamma[c]! * s;
    b[c] = -gamma[c]! * s * s * s * sumGCentred[c]! / rows;
    k[c] = -gamma[c]! * s * sumG[c]! / rows;
  }
  const sumDx = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const g = relu && y[i + c]! <= 0 ? 0 : dy[i + c]!;
      const value = a[c]! * g + b[c]! * (x[i + c]! - xMean[c]!) + k[c]!;
      dx[i + c] = value;
      sumDx[c]! += value;
    }
  }
  for (let c = 0; c < channels; c++) dBias[c] = sumDx[c]!;
}

type OutputMaker = {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
};

function simdForward(
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

function simdBackward(
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

let registered = false;

/** Registers both kernels on the wasm and cpu backends, and the forward kernel's gradient. */
export function registerBatchNormKernels(): void {
  if (registered) return;
  registered = true;
  registerArrayKernel(batchNormTrainingKernel, forward as tf.KernelFunc);
  registerArrayKernel(batchNormTrainingGradKernel, backward as tf.KernelFunc);
  tf.registerGradient({
    kernelName: batchNormTrainingKernel,
    inputsToSave: ['x', 'gamma', 'bias'],
    outputsToSave: [true, true, true],
    gradFunc: (dys, saved, attrs) => {
      const dy = Array.isArray(dys) ? dys[0]! : dys;
      const [x, gamma, bias, y, mean, variance] = saved as tf.Tensor[];
      const [dx, dGamma, dBeta, dBias] = tf.engine().runKernel(batchNormTrainingGradKernel,
        { dy, x: x!, y: y!, gamma: gamma!, mean: mean!, variance: variance!, bias: bias! },
        attrs) as tf.Tensor[];
      return {
        x: () => dx!, gamma: () => dGamma!, beta: () => dBeta!, bias: () => dBias!,
      };
    },
  });
}
