import * as tf from '@tensorflow/tfjs';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { focalFactors } from './focal.js';
import { weightedMean } from './numerics.js';
import {
  booleanParam,
  fullFocalGradientParam,
  gammaParam,
  minProbParam,
  numberParam,
  scaleParam,
} from './params.js';
import type { LossFunction } from './types.js';

export interface NormalizedNegativeLossOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
  /** p_min, the clamp before the log; default 1e-7. */
  minProb?: number;
  /** NNFL's focusing exponent; default 0.5. */
  gamma?: number;
  /** NNFL: differentiate the focal factor too; default false, as the reference. */
  fullFocalGradient?: boolean;
}

/** log p clamped to [log p_min, 0], i.e. the log of p clamped to [p_min, 1]. */
function clampedLogProbs(logProbs: tf.Tensor2D, minProb: number): tf.Tensor2D {
  return tf.clipByValue(logProbs, Math.log(minProb), 0);
}

/**
 * Normalized negative cross entropy (Ye et al. 2023). With p clamped to [p_min, 1] and
 * A = -log p_min, NNCE = 1 - (A + log p_y) / sum_k (A + log p_k), times `scale` (default
 * 1); p_min default 1e-7. Each A + log p_k is CE's distance from the worst case, so the loss
 * pushes down the other classes; its sum over the K labels is K - 1.
 */
export const normalizedNegativeCrossEntropySpec: LossSpec = {
  name: 'nnce',
  kind: 'passive',
  robust: true,
  summary: '1 - (A + log p_y) / sum_k (A + log p_k), p clamped to [p_min, 1], A = -log p_min',
  params: [scaleParam, minProbParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    const minProb = numberParam(params, 'minProb');
    const bound = -Math.log(minProb);
    return ({ target, logProbs }) => {
      const margins = tf.add(clampedLogProbs(logProbs, minProb), bound);
      const share = tf.div(tf.sum(tf.mul(target, margins), 1), tf.sum(margins, 1));
      return weightedMean(tf.sub(1, share), scale);
    };
  },
};

/**
 * Normalized negative focal loss (Ye et al. 2023). With log p clamped at log p_min,
 * FL_k = -(1 - p_k)^gamma log p_k and A = -(1 - p_min)^gamma log p_min,
 * NNFL = 1 - (A - FL_y) / (K A - sum_k FL_k), times `scale` (default 1); gamma default 0.5,
 * p_min default 1e-7. As in the ANL code, the focal factors are constants in the gradient
 * unless `fullFocalGradient` is true.
 */
export const normalizedNegativeFocalLossSpec: LossSpec = {
  name: 'nnfl',
  kind: 'passive',
  robust: true,
  summary: '1 - (A - FL_y) / (K A - sum_k FL_k), A = -(1 - p_min)^gamma log p_min',
  params: [scaleParam, gammaParam, minProbParam, fullFocalGradientParam],
  combinable: true,
  build: (params, numClasses) => {
    const scale = numberParam(params, 'scale');
    const gamma = numberParam(params, 'gamma');
    const minProb = numberParam(params, 'minProb');
    const full = booleanParam(params, 'fullFocalGradient');
    const bound = -((1 - minProb) ** gamma) * Math.log(minProb);
    return ({ target, logProbs }) => {
      const logs = clampedLogProbs(logProbs, minProb);
      const terms = tf.neg(tf.mul(focalFactors(tf.exp(logs), gamma, full), logs));
      const labelled = tf.sum(tf.mul(target, terms), 1);
      const share = tf.div(tf.sub(bound, labelled), tf.sub(numClasses * bound, tf.sum(terms, 1)));
      return weightedMean(tf.sub(1, share), scale);
    };
  },
};

export function normalizedNegativeCrossEntropy(
  options: Omit<NormalizedNegativeLossOptions, 'gamma' | 'fullFocalGradient'>,
): LossFunction {
  return buildLoss(normalizedNegativeCrossEntropySpec, { ...options });
}

export function normalizedNegativeFocalLoss(options: NormalizedNegativeLossOptions): LossFunction {
  return buildLoss(normalizedNegativeFocalLossSpec, { ...options });
}
