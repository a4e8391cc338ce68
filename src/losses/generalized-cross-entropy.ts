import * as tf from '@tensorflow/tfjs';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { clampedProbs, targetProbability, weightedMean } from './numerics.js';
import { numberParam, rules, scaleParam, type ParamSpec } from './params.js';
import type { LossFunction } from './types.js';

export interface GeneralizedCrossEntropyOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
  /** Exponent in (0, 1]; default 0.7. As q tends to 0 the loss tends to CE (NCE). */
  q?: number;
}

const qParam: ParamSpec = {
  name: 'q',
  default: 0.7,
  description: 'exponent of the Box-Cox transform; q -> 0 gives CE, q = 1 gives MAE',
  rule: rules.unitInterval,
};

/** 1 - p^q computed as -expm1(q log p), accurate for small q. */
function oneMinusPower(probs: tf.Tensor, q: number): tf.Tensor {
  return tf.neg(tf.expm1(tf.mul(tf.log(probs), q)));
}

/**
 * Generalized cross entropy (Zhang & Sabuncu 2018), GCE = (1 - p_y^q) / q, times `scale`
 * (default 1), q in (0, 1] with default 0.7. Probabilities are clamped to [1e-7, 1] as in
 * the reference; 1 - p^q is computed as -expm1(q log p) so that small q stays accurate.
 */
export const generalizedCrossEntropySpec: LossSpec = {
  name: 'gce',
  kind: 'active',
  robust: false,
  summary: 'Box-Cox transform of p_y: (1 - p_y^q) / q, between CE (q -> 0) and MAE (q = 1)',
  params: [scaleParam, qParam],
  combinable: true,
  build: (params) => {
    const q = numberParam(params, 'q');
    const weight = numberParam(params, 'scale') / q;
    return ({ target, probs }) => {
      const labelled = targetProbability(target, clampedProbs(probs));
      return weightedMean(oneMinusPower(labelled, q), weight);
    };
  },
};

/**
 * Normalized GCE (Ma et al. 2020), NGCE = (1 - p_y^q) / sum_k (1 - p_k^q), i.e.
 * (1 - p_y^q) / (K - sum_k p_k^q), times `scale` (default 1); q in (0, 1], default 0.7.
 * Probabilities clamped to [1e-7, 1] as in the reference; both sides use -expm1(q log p).
 */
export const normalizedGeneralizedCrossEntropySpec: LossSpec = {
  name: 'ngce',
  kind: 'active',
  robust: true,
  summary: 'GCE of the label divided by the sum of GCE over all K labels',
  params: [scaleParam, qParam],
  combinable: true,
  build: (params) => {
    const q = numberParam(params, 'q');
    const scale = numberParam(params, 'scale');
    return ({ target, probs }) => {
      const clamped = clampedProbs(probs);
      const numerator = oneMinusPower(targetProbability(target, clamped), q);
      const denominator = tf.sum(oneMinusPower(clamped, q), 1);
      return weightedMean(tf.div(numerator, denominator), scale);
    };
  },
};

export function generalizedCrossEntropy(options: GeneralizedCrossEntropyOptions): LossFunction {
  return buildLoss(generalizedCrossEntropySpec, { ...options });
}

export function normalizedGeneralizedCrossEntropy(
  options: GeneralizedCrossEntropyOptions,
): LossFunction {
  return buildLoss(normalizedGeneralizedCrossEntropySpec, { ...options });
}
