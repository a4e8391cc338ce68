import * as tf from '@tensorflow/tfjs';
import { buildLoss, type LossSpec, type ScaledLossOptions } from './define.js';
import { targetProbability, weightedMean } from './numerics.js';
import { numberParam, scaleParam } from './params.js';
import type { LossFunction } from './types.js';

/**
 * Mean absolute error in the reference's reduced form, MAE = 1 - p_y (1 - sum_k t_k p_k for
 * soft labels), times `scale` (default 1). The full L1 distance sum_k |p_k - t_k| is
 * 2 - 2 p_y for a one-hot label; the reference (and so the paper's numbers) uses half of it.
 * No clamp, as in the reference.
 */
export const meanAbsoluteErrorSpec: LossSpec = {
  name: 'mae',
  kind: 'passive',
  robust: true,
  summary: 'one minus the labelled class probability: 1 - p_y (half the L1 distance)',
  params: [scaleParam],
  combinable: true,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    return ({ target, probs }) => weightedMean(tf.sub(1, targetProbability(target, probs)), scale);
  },
};

/**
 * Normalized MAE as the paper defines it, NMAE = (1 - p_y) / (K - 1), times `scale`
 * (default 1); its sum over the K labels is 1.
 * Porting note: the reference's normaliser, 1 / (2 (K - 1)), does not make that sum 1; no
 * published combination uses NMAE, so the paper's definition is followed.
 */
export const normalizedMeanAbsoluteErrorSpec: LossSpec = {
  name: 'nmae',
  kind: 'passive',
  robust: true,
  summary: 'MAE divided by its sum over all K labels: (1 - p_y) / (K - 1)',
  params: [scaleParam],
  combinable: true,
  build: (params, numClasses) => {
    const weight = numberParam(params, 'scale') / (numClasses - 1);
    return ({ target, probs }) =>
      weightedMean(tf.sub(1, targetProbability(target, probs)), weight);
  },
};

export function meanAbsoluteError(options: ScaledLossOptions): LossFunction {
  return buildLoss(meanAbsoluteErrorSpec, { ...options });
}

export function normalizedMeanAbsoluteError(options: ScaledLossOptions): LossFunction {
  return buildLoss(normalizedMeanAbsoluteErrorSpec, { ...options });
}
