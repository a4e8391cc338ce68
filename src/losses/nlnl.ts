import * as tf from '@tensorflow/tfjs';
import { Random } from '../random/rng.js';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { numberParam, rules, scaleParam, type ResolvedParams } from './params.js';
import type { LossFunction } from './types.js';

export interface NegativeLearningOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
  /** Training labels per class; class c weighs max(counts) / counts[c]. Default: all 1. */
  labelCounts?: number[];
  /** Seed of the complementary labels; default 0. */
  seed?: number;
  /** Complementary labels drawn per item; default 1, as the reference. */
  negatives?: number;
}

/** Clamp on 1 - p before its log, as the reference (`clamp(1 - p, 1e-5, 1)`). */
const MIN_COMPLEMENT = 1e-5;

function classWeights(params: ResolvedParams, numClasses: number): number[] {
  const counts = params['labelCounts'];
  if (!Array.isArray(counts)) return new Array<number>(numClasses).fill(1);
  const largest = Math.max(...counts);
  return counts.map((count) => (count > 0 ? largest / count : 1));
}

/**
 * For each kept item, the weight its complementary labels put on each class, [N, K]: each
 * draw adds w[y] at a class drawn uniformly from the K - 1 classes other than y. Items whose
 * label row is all zero (a negative integer label) are ignored.
 */
function complementaryWeights(
  target: tf.Tensor2D,
  weights: number[],
  draws: number,
  random: Random,
): { rows: tf.Tensor2D; kept: number } {
  const [batchSize, numClasses] = target.shape;
  const labels = target.arraySync();
  const values = new Float32Array(batchSize * numClasses);
  let kept = 0;
  labels.forEach((row, item) => {
    if (row.every((value) => value === 0)) return;
    kept += 1;
    const label = row.indexOf(Math.max(...row));
    for (let draw = 0; draw < draws; draw++) {
      const other = (label + 1 + random.int(numClasses - 1)) % numClasses;
      values[item * numClasses + other]! += weights[label] ?? 1;
    }
  });
  return { rows: tf.tensor2d(values, [batchSize, numClasses]), kept };
}

/**
 * Negative learning (Kim et al. 2019, "NLNL") as the APL reference runs it: for each item a
 * complementary label ybar is drawn uniformly from the classes other than y (seeded), and
 * the loss is -w[y] log(1 - p_ybar), with 1 - p clamped to [1e-5, 1] and class weights
 * w[c] = max(counts) / counts[c] from `labelCounts`, averaged over the kept items, times
 * `scale` (default 1). Soft labels use their largest class as y.
 * Porting note: the reference also adds a positive-learning CE term over no items (it sets
 * every label to "ignore"), whose mean over zero items is NaN in current PyTorch; that term
 * is left out. An item is ignored when its integer label is negative (or its label row is
 * all zero); a batch whose items are all ignored gives 0, with zero gradient.
 * The complementary labels advance the seeded stream on every call; a loss rebuilt from its
 * config starts the stream again at `seed`.
 */
export const negativeLearningSpec: LossSpec = {
  name: 'nlnl',
  kind: 'passive',
  robust: false,
  summary: '-w[y] log(1 - p_ybar) for a complementary label ybar drawn from the other classes',
  params: [
    scaleParam,
    {
      name: 'labelCounts',
      default: null,
      description: 'training labels per class; class weights max(counts) / counts[c] (all 1)',
      rule: rules.counts,
    },
    {
      name: 'seed',
      default: 0,
      description: 'seed of the complementary labels',
      rule: rules.integer,
    },
    {
      name: 'negatives',
      default: 1,
      description: 'complementary labels drawn per item',
      rule: rules.positiveInteger,
    },
  ],
  allowsIgnoredLabels: true,
  combinable: false,
  check: (params, numClasses) => {
    const counts = params['labelCounts'];
    if (Array.isArray(counts) && counts.length !== numClasses) {
      return `labelCounts has ${counts.length} entries; expected numClasses = ${numClasses}`;
    }
    return undefined;
  },
  build: (params, numClasses) => {
    const scale = numberParam(params, 'scale');
    const draws = numberParam(params, 'negatives');
    const weights = classWeights(params, numClasses);
    const random = Random.fromSeed(numberParam(params, 'seed'));
    return ({ target, probs }) => {
      const { rows, kept } = complementaryWeights(target, weights, draws, random);
      const logComplement = tf.log(tf.clipByValue(tf.sub(1, probs), MIN_COMPLEMENT, 1));
      const total = tf.neg(tf.sum(tf.mul(rows, logComplement)));
      return tf.mul(total, scale / Math.max(kept, 1)) as tf.Scalar;
    };
  },
};

export function negativeLearning(options: NegativeLearningOptions): LossFunction {
  return buildLoss(negativeLearningSpec, { ...options });
}
