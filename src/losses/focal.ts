import * as tf from '@tensorflow/tfjs';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { constantInGradient, MIN_PROBABILITY, weightedMean } from './numerics.js';
import {
  booleanParam,
  fullFocalGradientParam,
  gammaParam,
  numberParam,
  scaleParam,
} from './params.js';
import type { LossFunction } from './types.js';

export interface FocalLossOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
  /** Focusing exponent; default 0.5, the value of the APL paper. */
  gamma?: number;
  /** Differentiate (1 - p)^gamma too; default false, as the reference. */
  fullFocalGradient?: boolean;
}

/**
 * The focal factor (1 - p_k)^gamma of every class. By default it is held constant in the
 * gradient, as the reference does (`pt = logpt.data.exp()`): the probabilities are cut from
 * the gradient before the power, whose slope is infinite at 1 - p = 0 for gamma < 1. With
 * `full` it is differentiated, with 1 - p kept at least 1e-7 so that its slope stays finite.
 */
export function focalFactors(probs: tf.Tensor2D, gamma: number, full: boolean): tf.Tensor2D {
  if (full) return tf.pow(tf.clipByValue(tf.sub(1, probs), MIN_PROBABILITY, 1), gamma);
  return tf.pow(tf.relu(tf.sub(1, constantInGradient(probs))), gamma);
}

/** Per-class focal terms FL_k = -(1 - p_k)^gamma log p_k, [N, K]. */
function focalTerms(probs: tf.Tensor2D, logProbs: tf.Tensor2D, gamma: number, full: boolean) {
  return tf.neg(tf.mul(focalFactors(probs, gamma, full), logProbs));
}

/**
 * Focal loss (Lin et al. 2017), FL = -(1 - p_y)^gamma log p_y, times `scale` (default 1),
 * with gamma default 0.5. Soft labels weight the per-class terms by t_k.
 * Porting note: the reference holds (1 - p_y)^gamma constant in the gradient; so does this
 * loss unless `fullFocalGradient` is true.
 */
export const focalLossSpec: LossSpec = {
  name: 'fl',
  kind: 'active',
  robust: false,
  summary: 'cross entropy weighted by the focal factor: -(1 - p_y)^gamma log p_y',
  params: [scaleParam, gammaParam, fullFocalGradientParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    const gamma = numberParam(params, 'gamma');
    const full = booleanParam(params, 'fullFocalGradient');
    return ({ target, probs, logProbs }) => {
      const terms = focalTerms(probs, logProbs, gamma, full);
      return weightedMean(tf.sum(tf.mul(target, terms), 1), scale);
    };
  },
};

/**
 * Normalized focal loss (Ma et al. 2020), NFL = FL_y / sum_k FL_k with
 * FL_k = -(1 - p_k)^gamma log p_k, times `scale` (default 1); gamma default 0.5. Its sum
 * over the K labels is 1. As in the reference, the focal factors are constants in the
 * gradient (numerator and normaliser alike) unless `fullFocalGradient` is true.
 */
export const normalizedFocalLossSpec: LossSpec = {
  name: 'nfl',
  kind: 'active',
  robust: true,
  summary: 'focal loss of the label divided by the sum of focal losses over all K labels',
  params: [scaleParam, gammaParam, fullFocalGradientParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    const gamma = numberParam(params, 'gamma');
    const full = booleanParam(params, 'fullFocalGradient');
    return ({ target, probs, logProbs }) => {
      const terms = focalTerms(probs, logProbs, gamma, full);
      const ratio = tf.div(tf.sum(tf.mul(target, terms), 1), tf.sum(terms, 1));
      return weightedMean(ratio, scale);
    };
  },
};

export function focalLoss(options: FocalLossOptions): LossFunction {
  return buildLoss(focalLossSpec, { ...options });
}

export function normalizedFocalLoss(options: FocalLossOptions): LossFunction {
  return buildLoss(normalizedFocalLossSpec, { ...options });
}
