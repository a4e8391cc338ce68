import * as tf from '@tensorflow/tfjs';
import { buildLoss, type LossSpec, type ScaledLossOptions } from './define.js';
import { weightedMean } from './numerics.js';
import { numberParam, scaleParam } from './params.js';
import type { LossFunction } from './types.js';

/**
 * Cross entropy, CE = -sum_k t_k log p_k (-log p_y for a one-hot label), times `scale`
 * (default 1). Computed from the log-softmax of the logits, without a clamp, as
 * PyTorch's `CrossEntropyLoss` in the reference.
 */
export const crossEntropySpec: LossSpec = {
  name: 'ce',
  kind: 'active',
  robust: false,
  summary: 'minus the log of the labelled class probability: -log p_y',
  params: [scaleParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    return ({ target, logProbs }) =>
      weightedMean(tf.neg(tf.sum(tf.mul(target, logProbs), 1)), scale);
  },
};

/**
 * Normalized cross entropy (Ma et al. 2020), NCE = log p_y / sum_k log p_k: CE of the
 * label divided by the sum of CE over all K labels, times `scale` (default 1). Its sum over
 * the K labels is 1. Soft labels use sum_k t_k log p_k in the numerator.
 */
export const normalizedCrossEntropySpec: LossSpec = {
  name: 'nce',
  kind: 'active',
  robust: true,
  summary: 'CE of the label divided by the sum of CE over all K labels: log p_y / sum_k log p_k',
  params: [scaleParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    return ({ target, logProbs }) => {
      const ratio = tf.div(tf.sum(tf.mul(target, logProbs), 1), tf.sum(logProbs, 1));
      return weightedMean(ratio, scale);
    };
  },
};

export function crossEntropy(options: ScaledLossOptions): LossFunction {
  return buildLoss(crossEntropySpec, { ...options });
}

export function normalizedCrossEntropy(options: ScaledLossOptions): LossFunction {
  return buildLoss(normalizedCrossEntropySpec, { ...options });
}
