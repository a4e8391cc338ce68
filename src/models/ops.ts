import * as tf from '@tensorflow/tfjs';
import { hasArrayKernel } from '../backend/kernels/array-kernel.js';
import { batchNormTrainingKernel } from '../backend/kernels/batch-norm.js';
import { maxPoolKernel } from '../backend/kernels/max-pool.js';

// The building blocks of the paper's models. Every model is written in terms of these, so
// that the fused kernels of src/backend (registered by `initBackend` on wasm and cpu) are
// used in one place; on other backends the same operations are composed from tfjs ops.

/** Parameters and running statistics of one batch-normalisation layer (PyTorch's). */
export interface BatchNormState {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVariance: tf.Variable;
}

/** PyTorch's defaults: running = (1 - momentum) * running + momentum * batch. */
const batchNormMomentum = 0.1;
const batchNormEpsilon = 1e-5;

/**
 * Convolution without bias padded as PyTorch's `padding=(size - 1) / 2`: the same number
 * of zeros on every side. (TensorFlow's `same` padding puts the odd zero at the bottom and
 * right when the stride is 2, which would shift the sampling grid.)
 */
export function conv2dPadded(x: tf.Tensor4D, kernel: tf.Tensor4D, stride = 1): tf.Tensor4D {
  const pad = (kernel.shape[0] - 1) / 2;
  if (pad === 0) return tf.conv2d(x, kernel, stride, 'valid');
  return tf.conv2d(x, kernel, stride, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
}

/**
 * Batch normalisation over all axes but the last of `x + bias` (the bias of the layer
 * before, if it has one), followed by ReLU when `relu` is set. In training it normalises
 * with the batch's mean and biased variance and updates the running statistics with the
 * unbiased variance, as PyTorch does; in evaluation it uses the running statistics.
 */
export function batchNorm<T extends tf.Tensor>(
  x: T, state: BatchNormState, training: boolean,
  options: { bias?: tf.Tensor1D | undefined; relu?: boolean } = {},
): T {
  const relu = options.relu ?? false;
  if (!training) {
    const withBias = options.bias ? tf.add(x, options.bias) : x;
    const y = tf.batchNorm(withBias, state.runningMean, state.runningVariance, state.beta,
      state.gamma, batchNormEpsilon);
    return (relu ? tf.relu(y) : y) as T;
  }
  const bias = options.bias ?? tf.zeros([x.shape[x.rank - 1]!]);
  const [y, mean, variance] = hasArrayKernel(batchNormTrainingKernel)
    ? tf.engine().runKernel(batchNormTrainingKernel,
      { x, gamma: state.gamma, beta: state.beta, bias },
      { epsilon: batchNormEpsilon, relu }) as tf.Tensor[]
    : composedBatchNorm(x, state, bias, relu);
  updateRunningStatistics(state, mean!, variance!, x.size / x.shape[x.rank - 1]!);
  return y as T;
}

/** Training-mode batch norm from tfjs ops, for backends without the fused kernel. */
function composedBatchNorm(
  x: tf.Tensor, state: BatchNormState, bias: tf.Tensor1D, relu: boolean,
): tf.Tensor[] {
  const withBias = tf.add(x, bias);
  const axes = x.shape.slice(0, -1).map((_, axis) => axis);
  const { mean, variance } = tf.moments(withBias, axes);
  const y = tf.batchNorm(withBias, mean, variance, state.beta, state.gamma, batchNormEpsilon);
  return [relu ? tf.relu(y) : y, mean, variance];
}

function updateRunningStatistics(
  state: BatchNormState, mean: tf.Tensor, variance: tf.Tensor, count: number,
): void {
  // Assignments are not recorded by the gradient tape, so this adds nothing to backprop.
  tf.tidy(() => {
    const unbiased = tf.mul(variance, count / Math.max(count - 1, 1));
    state.runningMean.assign(tf.add(tf.mul(state.runningMean, 1 - batchNormMomentum),
      tf.mul(mean, batchNormMomentum)));
    state.runningVariance.assign(tf.add(tf.mul(state.runningVariance, 1 - batchNormMomentum),
      tf.mul(unbiased, batchNormMomentum)));
  });
}

/** 2x2 max pooling with stride 2. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  if (hasArrayKernel(maxPoolKernel)) {
    const [y] = tf.engine().runKernel(maxPoolKernel, { x }, {}) as tf.Tensor[];
    return y as tf.Tensor4D;
  }
  return tf.maxPool(x, 2, 2, 'valid');
}

/** Mean over the spatial axes: [batch, height, width, channels] to [batch, channels]. */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]);
}

/**
 * [batch, ...] to [batch, features]. Porting note: NHWC flattens in (height, width,
 * channel) order where PyTorch's NCHW flattens in (channel, height, width) order; with
 * independently drawn weights the two models are the same up to a permutation.
 */
export function flatten(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0]!, -1]);
}

/** x W (+ b) for a batch of row vectors. */
export function dense(x: tf.Tensor2D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const product = tf.matMul<tf.Tensor2D>(x, weight);
  return bias ? tf.add(product, bias) : product;
}
