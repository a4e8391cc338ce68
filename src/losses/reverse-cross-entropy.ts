import * as tf from '@tensorflow/tfjs';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { clampedProbs, weightedMean } from './numerics.js';
import { logZeroParam, numberParam, scaleParam } from './params.js';
import type { LossFunction } from './types.js';

export interface ReverseCrossEntropyOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
  /** The value taken for log 0; default log(1e-4) (about -9.21), as the reference. */
  logZero?: number;
}

/**
 * Per-item reverse cross entropy, -sum_k p_k log t_k, with log 0 taken as `logZero` and the
 * probabilities clamped to [1e-7, 1] as in the reference. For a one-hot label this is
 * -logZero * (1 - p_y).
 */
export function reverseCrossEntropyPerItem(
  target: tf.Tensor2D,
  probs: tf.Tensor2D,
  logZero: number,
): tf.Tensor1D {
  const logTarget = tf.log(tf.clipByValue(target, Math.exp(logZero), 1));
  return tf.neg(tf.sum(tf.mul(clampedProbs(probs), logTarget), 1));
}

/**
 * Reverse cross entropy (Wang et al. 2019), RCE = -sum_k p_k log t_k with log 0 = A, which
 * is -A (1 - p_y) for a one-hot label, times `scale` (default 1).
 * Porting note: the reference clamps the label to [1e-4, 1], so A = log(1e-4) by default;
 * the paper's analysis uses A = -4. `logZero` sets A.
 */
export const reverseCrossEntropySpec: LossSpec = {
  name: 'rce',
  kind: 'passive',
  robust: true,
  summary: 'cross entropy with prediction and label swapped, log 0 = A: -A (1 - p_y)',
  params: [scaleParam, logZeroParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    const logZero = numberParam(params, 'logZero');
    return ({ target, probs }) =>
      weightedMean(reverseCrossEntropyPerItem(target, probs, logZero), scale);
  },
};

/**
 * Normalized RCE as the paper defines it, NRCE = RCE / (-A (K - 1)), which is
 * (1 - p_y) / (K - 1) for a one-hot label, times `scale` (default 1); its sum over the K
 * labels is 1.
 * Porting note: the reference's normaliser, written `1 / 4 * (K - 1)`, is (K - 1) / 4 by
 * operator precedence, which does not normalise; no published combination uses NRCE.
 */
export const normalizedReverseCrossEntropySpec: LossSpec = {
  name: 'nrce',
  kind: 'passive',
  robust: true,
  summary: 'RCE divided by its sum over all K labels: (1 - p_y) / (K - 1)',
  params: [scaleParam, logZeroParam],
  combinable: true,
  build: (params, numClasses) => {
    const logZero = numberParam(params, 'logZero');
    const weight = numberParam(params, 'scale') / (-logZero * (numClasses - 1));
    return ({ target, probs }) =>
      weightedMean(reverseCrossEntropyPerItem(target, probs, logZero), weight);
  },
};

export function reverseCrossEntropy(options: ReverseCrossEntropyOptions): LossFunction {
  return buildLoss(reverseCrossEntropySpec, { ...options });
}

export function normalizedReverseCrossEntropy(options: ReverseCrossEntropyOptions): LossFunction {
  return buildLoss(normalizedReverseCrossEntropySpec, { ...options });
}
