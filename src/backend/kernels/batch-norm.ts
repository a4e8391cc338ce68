import * as tf from '@tensorflow/tfjs';
import { registerArrayKernel, runArrayKernel } from './array-kernel.js';
import { simdContext } from '../simd/simd-kernels.js';
import { simdBackward, simdForward, type OutputMaker } from './batch-norm-simd.js';

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
// SIMD kernels of src/backend/simd (batch-norm-simd.ts); elsewhere as the TypeScript loops
// below.

export const batchNormTrainingKernel = 'AplBatchNormTraining';
const batchNormTrainingGradKernel = 'AplBatchNormTrainingGrad';

interface BatchNormAttributes {
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
