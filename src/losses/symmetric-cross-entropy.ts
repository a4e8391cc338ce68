import * as tf from '@tensorflow/tfjs';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { reverseCrossEntropyPerItem } from './reverse-cross-entropy.js';
import { logZeroParam, numberParam, weightParam } from './params.js';
import type { LossFunction } from './types.js';

export interface SymmetricCrossEntropyOptions extends CommonLossOptions {
  /** Weight of CE; default 0.1 (the SCE paper's CIFAR-10 value). */
  alpha?: number;
  /** Weight of RCE; default 1. */
  beta?: number;
  /** The value RCE takes for log 0; default log(1e-4). */
  logZero?: number;
}

/**
 * Symmetric cross entropy (Wang et al. 2019), SCE = alpha CE + beta RCE, with RCE's log 0
 * taken as `logZero` (default log 1e-4) and its probabilities clamped to [1e-7, 1] as in the
 * reference. Defaults alpha 0.1, beta 1.
 */
export const symmetricCrossEntropySpec: LossSpec = {
  name: 'sce',
  kind: 'combined',
  robust: false,
  summary: 'alpha CE + beta RCE',
  params: [weightParam('alpha', 0.1, 'CE'), weightParam('beta', 1, 'RCE'), logZeroParam],
  combinable: false,
  build: (params) => {
    const alpha = numberParam(params, 'alpha');
    const beta = numberParam(params, 'beta');
    const logZero = numberParam(params, 'logZero');
    return ({ target, probs, logProbs }) => {
      const crossEntropy = tf.neg(tf.sum(tf.mul(target, logProbs), 1));
      const reverse = reverseCrossEntropyPerItem(target, probs, logZero);
      return tf.add(tf.mul(tf.mean(crossEntropy), alpha), tf.mul(tf.mean(reverse), beta));
    };
  },
};

export function symmetricCrossEntropy(options: SymmetricCrossEntropyOptions): LossFunction {
  return buildLoss(symmetricCrossEntropySpec, { ...options });
}
