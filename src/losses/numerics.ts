import * as tf from '@tensorflow/tfjs';

/**
 * The reference code's lower clamp on probabilities before a log or a power
 * (`torch.clamp(p, 1e-7, 1)`); below it the gradient is zero, as in the reference.
 */
export const MIN_PROBABILITY = 1e-7;

/** Probabilities clamped to [1e-7, 1], as RCE, GCE and NGCE of the reference do. */
export function clampedProbs(probs: tf.Tensor2D): tf.Tensor2D {
  return tf.clipByValue(probs, MIN_PROBABILITY, 1);
}

/** Each row's target-weighted probability: p_y for one-hot labels, sum_k t_k p_k for soft. */
export function targetProbability(target: tf.Tensor2D, probs: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(target, probs), 1);
}

/**
 * `x` in the forward pass, a constant in the backward pass (PyTorch's `.detach()`);
 * tfjs has no such op.
 */
export function constantInGradient<T extends tf.Tensor>(x: T): T {
  const detach = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.clone(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return detach(x) as T;
}

/** The batch mean of per-item values, times a weight. */
export function weightedMean(values: tf.Tensor, weight: number): tf.Scalar {
  return tf.mul(tf.mean(values), weight) as tf.Scalar;
}

/**
 * Log-softmax over the last axis that stays accurate when one class takes almost all the
 * mass: log p_k = (x_k - max) - log1p(sum of exp(x_j - max) over j other than the argmax),
 * and in the gradient 1 - p is taken as the sum of the other classes' probabilities for the
 * argmax class. tfjs's `logSoftmax` computes log(1 + s) and 1 - p by subtraction, which
 * loses most digits of CE and its gradient when p_y is within 1e-4 of 1.
 */
export const accurateLogSoftmax = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const logits = args[0] as tf.Tensor2D;
  const save = args[1] as tf.GradSaveFunc;
  const numClasses = logits.shape[1]!;
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const isTop = tf.cast(tf.oneHot(tf.argMax(logits, 1), numClasses), 'float32');
  const others = tf.sum(tf.mul(tf.exp(shifted), tf.sub(1, isTop)), 1, true);
  const value = tf.sub(shifted, tf.log1p(others));
  save([value, isTop]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [logProbs, top] = saved as [tf.Tensor2D, tf.Tensor2D];
      const probs = tf.exp(logProbs);
      const notTop = tf.sub(1, top);
      const topComplement = tf.sum(tf.mul(probs, notTop), 1, true);
      const complement = tf.add(tf.mul(top, topComplement), tf.mul(notTop, tf.sub(1, probs)));
      const restOfGradient = tf.sub(tf.sum(dy, 1, true), dy);
      return tf.sub(tf.mul(dy, complement), tf.mul(probs, restOfGradient));
    },
  };
}) as (logits: tf.Tensor2D) => tf.Tensor2D;
