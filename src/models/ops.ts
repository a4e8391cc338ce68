import * as tf from '@tensorflow/tfjs';

// The building blocks of the paper's models. Every model is written in terms of these,
// so that faster implementations (closed-form gradients, custom kernels) replace them
// in one place.

/** Parameters and running statistics of one batch-normalisation layer (PyTorch's). */
export interface BatchNormState {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVariance: tf.Variable;
}

/** PyTorch's defaults: running = (1 - momentum) * running + momentum * batch. */
export const batchNormMomentum = 0.1;
export const batchNormEpsilon = 1e-5;

/** 3x3 (or any odd size) convolution with stride 1 and zero padding that keeps the size. */
export function conv2dSame(x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  return tf.add(tf.conv2d(x, kernel, 1, 'same'), bias);
}

/**
 * Convolution without bias padded as PyTorch's `padding=(size - 1) / 2`: the same number
 * of zeros on every side. (TensorFlow's `same` padding puts the odd zero at the bottom and
 * right when the stride is 2, which would shift the sampling grid.)
 */
export function conv2dPadded(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number): tf.Tensor4D {
  const pad = (kernel.shape[0] - 1) / 2;
  if (pad === 0) return tf.conv2d(x, kernel, stride, 'valid');
  return tf.conv2d(x, kernel, stride, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
}

/**
 * Batch normalisation over all axes but the last. In training it normalises with the
 * batch's mean and biased variance and updates the running statistics with the
 * unbiased variance, as PyTorch does; in evaluation it uses the running statistics.
 */
export function batchNorm<T extends tf.Tensor>(x: T, state: BatchNormState, training: boolean): T {
  const axes = x.shape.slice(0, -1).map((_, axis) => axis);
  if (!training) {
    return tf.batchNorm(x, state.runningMean, state.runningVariance, state.beta, state.gamma,
      batchNormEpsilon) as T;
  }
  const { mean, variance } = tf.moments(x, axes);
  updateRunningStatistics(state, mean, variance, x.size / x.shape[x.rank - 1]!);
  return tf.batchNorm(x, mean, variance, state.beta, state.gamma, batchNormEpsilon) as T;
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

export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

/** 2x2 max pooling with stride 2. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
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

/** x W + b for a batch of row vectors. */
export function dense(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, weight), bias);
}
