import * as tf from '@tensorflow/tfjs';
import { normalizedCrossEntropySpec } from './cross-entropy.js';
import { buildLoss, type CommonLossOptions, type LossSpec, type LossTerm } from './define.js';
import { normalizedFocalLossSpec } from './focal.js';
import {
  normalizedNegativeCrossEntropySpec,
  normalizedNegativeFocalLossSpec,
} from './normalized-negative.js';
import {
  fullFocalGradientParam,
  gammaParam,
  minProbParam,
  numberParam,
  rules,
  weightParam,
  type ParamSpec,
  type ResolvedParams,
} from './params.js';
import type { LossFunction } from './types.js';

export interface ActiveNegativeOptions extends CommonLossOptions {
  /** Weight of the active loss (NCE or NFL); default 1. */
  alpha?: number;
  /** Weight of the negative loss (NNCE or NNFL); default 1. */
  beta?: number;
  /** Weight of the L1 penalty on the model's weights, applied by the trainer; default 0. */
  delta?: number;
  /** Weight of the batch entropy term; default 0 (off). */
  lambda?: number;
  /** p_min of the negative loss and the entropy term; default 1e-7. */
  minProb?: number;
  /** ANL-FL's focusing exponent; default 0.5. */
  gamma?: number;
  /** ANL-FL: differentiate the focal factors too; default false. */
  fullFocalGradient?: boolean;
}

const anlParams: ParamSpec[] = [
  {
    name: 'delta',
    default: 0,
    description: 'weight of the L1 penalty delta * sum |theta| that the trainer adds',
    rule: rules.nonNegative,
  },
  {
    name: 'lambda',
    default: 0,
    description: 'weight of the entropy term log K + sum_c pbar_c log pbar_c',
    rule: rules.nonNegative,
  },
  minProbParam,
];

/**
 * The entropy term of ANL's later version: log K + sum_c pbar_c log pbar_c, where pbar is the
 * batch-mean prediction clamped to [p_min, 1]. It is 0 when the batch predicts all classes
 * equally often and log K when it predicts one class, so it discourages collapse.
 */
function batchEntropyGap(probs: tf.Tensor2D, numClasses: number, minProb: number): tf.Scalar {
  const meanPrediction = tf.clipByValue(tf.mean(probs, 0), minProb, 1);
  const negativeEntropy = tf.sum(tf.mul(meanPrediction, tf.log(meanPrediction)));
  return tf.add(negativeEntropy, Math.log(numClasses)) as tf.Scalar;
}

function activeNegativeSpec(name: string, active: LossSpec, negative: LossSpec): LossSpec {
  const isFocal = active.name === 'nfl';
  return {
    name,
    kind: 'combined',
    robust: true,
    summary:
      `alpha ${active.name.toUpperCase()} + beta ${negative.name.toUpperCase()}` +
      ' (+ lambda * batch entropy gap; the trainer adds delta * sum |theta|)',
    params: [
      weightParam('alpha', 1, active.name.toUpperCase()),
      weightParam('beta', 1, negative.name.toUpperCase()),
      ...anlParams,
      ...(isFocal ? [gammaParam, fullFocalGradientParam] : []),
    ],
    combinable: false,
    build: (params, numClasses) => {
      const memberParams = (scale: number): ResolvedParams => ({ ...params, scale });
      const activeTerm = active.build(memberParams(numberParam(params, 'alpha')), numClasses);
      const negativeTerm = negative.build(memberParams(numberParam(params, 'beta')), numClasses);
      const lambda = numberParam(params, 'lambda');
      const minProb = numberParam(params, 'minProb');
      const term: LossTerm = (inputs) => {
        const losses = tf.add(activeTerm(inputs), negativeTerm(inputs)) as tf.Scalar;
        if (lambda === 0) return losses;
        const entropy = batchEntropyGap(inputs.probs, numClasses, minProb);
        return tf.add(losses, tf.mul(entropy, lambda)) as tf.Scalar;
      };
      return term;
    },
    weightPenalty: (params) => {
      const delta = numberParam(params, 'delta');
      return delta > 0 ? { l1: delta } : undefined;
    },
  };
}

/**
 * Active Negative Loss with cross entropy (Ye et al. 2023), ANL-CE = alpha NCE + beta NNCE,
 * plus lambda times the batch entropy gap (the later version's regulariser; 0 by default).
 * The method also relies on an L1 penalty delta * sum |theta| over the model's weights,
 * with no weight decay; the loss cannot see the weights, so it reports `weightPenalty.l1 =
 * delta` (when delta > 0) and the trainer adds the penalty.
 */
export const activeNegativeCrossEntropySpec = activeNegativeSpec(
  'anl-ce',
  normalizedCrossEntropySpec,
  normalizedNegativeCrossEntropySpec,
);

/**
 * Active Negative Loss with focal loss (Ye et al. 2023), ANL-FL = alpha NFL + beta NNFL,
 * plus the optional entropy term and the trainer's L1 penalty as for ANL-CE. gamma (default
 * 0.5) is shared by NFL and NNFL.
 */
export const activeNegativeFocalLossSpec = activeNegativeSpec(
  'anl-fl',
  normalizedFocalLossSpec,
  normalizedNegativeFocalLossSpec,
);

export function anlCe(
  options: Omit<ActiveNegativeOptions, 'gamma' | 'fullFocalGradient'>,
): LossFunction {
  return buildLoss(activeNegativeCrossEntropySpec, { ...options });
}

export function anlFl(options: ActiveNegativeOptions): LossFunction {
  return buildLoss(activeNegativeFocalLossSpec, { ...options });
}
