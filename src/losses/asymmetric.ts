import * as tf from '@tensorflow/tfjs';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { targetProbability, weightedMean } from './numerics.js';
import { numberParam, rules, scaleParam, type ParamRule, type ParamSpec } from './params.js';
import type { LossFunction } from './types.js';

export interface AsymmetricLossOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
  a?: number;
  q?: number;
}

function aParam(defaultValue: number, rule: ParamRule): ParamSpec {
  return { name: 'a', default: defaultValue, description: 'offset a of the loss', rule };
}

function qParam(defaultValue: number): ParamSpec {
  return { name: 'q', default: defaultValue, description: 'exponent q', rule: rules.positive };
}

/**
 * Asymmetric generalized cross entropy (Zhou et al. 2021),
 * AGCE = ((a + 1)^q - (a + p_y)^q) / q, times `scale` (default 1), with a > 0 (default 1)
 * and q > 0 (default 2), the defaults of the ANL code. Decreasing in p_y, zero at p_y = 1.
 * Soft labels use p_t = sum_k t_k p_k. No clamp: a > 0 keeps the power's base positive.
 */
export const asymmetricGeneralizedCrossEntropySpec: LossSpec = {
  name: 'agce',
  kind: 'passive',
  robust: true,
  summary: '((a + 1)^q - (a + p_y)^q) / q',
  params: [scaleParam, aParam(1, rules.positive), qParam(2)],
  combinable: true,
  build: (params) => {
    const a = numberParam(params, 'a');
    const q = numberParam(params, 'q');
    const weight = numberParam(params, 'scale') / q;
    return ({ target, probs }) => {
      const powered = tf.pow(tf.add(targetProbability(target, probs), a), q);
      return weightedMean(tf.sub((a + 1) ** q, powered), weight);
    };
  },
};

/**
 * Asymmetric unhinged loss (Zhou et al. 2021), AUL = ((a - p_y)^q - (a - 1)^q) / q, times
 * `scale` (default 1), with a > 1 (default 1.5) and q > 0 (default 0.9), the defaults of the
 * ANL code. a > 1 keeps the base a - p_y at least a - 1 > 0, so q < 1 has a finite slope.
 */
export const asymmetricUnhingedLossSpec: LossSpec = {
  name: 'aul',
  kind: 'passive',
  robust: true,
  summary: '((a - p_y)^q - (a - 1)^q) / q',
  params: [scaleParam, aParam(1.5, rules.aboveOne), qParam(0.9)],
  combinable: true,
  build: (params) => {
    const a = numberParam(params, 'a');
    const q = numberParam(params, 'q');
    const weight = numberParam(params, 'scale') / q;
    return ({ target, probs }) => {
      const powered = tf.pow(tf.sub(a, targetProbability(target, probs)), q);
      return weightedMean(tf.sub(powered, (a - 1) ** q), weight);
    };
  },
};

/**
 * Asymmetric exponential loss (Zhou et al. 2021), AEL = exp(-p_y / a), times `scale`
 * (default 1), with a > 0 (default 3, the ANL code's default).
 */
export const asymmetricExponentialLossSpec: LossSpec = {
  name: 'ael',
  kind: 'passive',
  robust: true,
  summary: 'exp(-p_y / a)',
  params: [scaleParam, aParam(3, rules.positive)],
  combinable: true,
  build: (params) => {
    const a = numberParam(params, 'a');
    const scale = numberParam(params, 'scale');
    return ({ target, probs }) =>
      weightedMean(tf.exp(tf.div(targetProbability(target, probs), -a)), scale);
  },
};

export function asymmetricGeneralizedCrossEntropy(options: AsymmetricLossOptions): LossFunction {
  return buildLoss(asymmetricGeneralizedCrossEntropySpec, { ...options });
}

export function asymmetricUnhingedLoss(options: AsymmetricLossOptions): LossFunction {
  return buildLoss(asymmetricUnhingedLossSpec, { ...options });
}

export function asymmetricExponentialLoss(
  options: Omit<AsymmetricLossOptions, 'q'>,
): LossFunction {
  return buildLoss(asymmetricExponentialLossSpec, { ...options });
}
