import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import { accurateLogSoftmax } from './numerics.js';

/** What every loss term reads: labels as rows of class weights and the model's prediction. */
export interface LossInputs {
  /** [N, K]: one-hot or soft labels; an all-zero row is an ignored item (NLNL only). */
  target: tf.Tensor2D;
  /** [N, K]: softmax probabilities. */
  probs: tf.Tensor2D;
  /** [N, K]: log-softmax, computed from the logits without going through `probs`. */
  logProbs: tf.Tensor2D;
  numClasses: number;
}

export interface InputRules {
  lossName: string;
  numClasses: number;
  fromLogits: boolean;
  /** Whether a negative integer label marks an item to leave out (NLNL). */
  allowIgnored: boolean;
}

/** Smallest probability `fromLogits: false` takes the log of, so log 0 stays finite. */
const SMALLEST_GIVEN_PROBABILITY = 1e-30;

/**
 * Checks the shapes of labels and predictions and turns them into `LossInputs`. Integer
 * labels `[N]` (or `[N, 1]`) become one-hot rows; `[N, K]` labels are used as given.
 */
export function prepareInputs(yTrue: tf.Tensor, yPred: tf.Tensor, rules: InputRules): LossInputs {
  const { lossName, numClasses } = rules;
  if (yPred.rank !== 2 || yPred.shape[1] !== numClasses) {
    throw new UsageError(
      `${lossName}: predictions must have shape [batch, ${numClasses}], got [${yPred.shape}]`,
    );
  }
  const prediction = tf.cast(yPred, 'float32') as tf.Tensor2D;
  const target = targetRows(yTrue, prediction.shape[0], rules);

  if (rules.fromLogits) {
    const logProbs = accurateLogSoftmax(prediction);
    return { target, probs: tf.softmax(prediction), logProbs, numClasses };
  }
  const logProbs = tf.log(tf.clipByValue(prediction, SMALLEST_GIVEN_PROBABILITY, 1));
  return { target, probs: prediction, logProbs, numClasses };
}

function targetRows(yTrue: tf.Tensor, batchSize: number, rules: InputRules): tf.Tensor2D {
  const { lossName, numClasses } = rules;
  const isIndexColumn = yTrue.rank === 2 && yTrue.shape[1] === 1;
  if (yTrue.rank === 1 || isIndexColumn) {
    if (yTrue.shape[0] !== batchSize) {
      throw new UsageError(
        `${lossName}: ${yTrue.shape[0]} labels for a batch of ${batchSize} predictions`,
      );
    }
    const indices = yTrue.reshape([batchSize]);
    checkClassIndices(indices, rules);
    return tf.cast(tf.oneHot(tf.cast(indices, 'int32'), numClasses), 'float32') as tf.Tensor2D;
  }
  if (yTrue.rank === 2 && yTrue.shape[0] === batchSize && yTrue.shape[1] === numClasses) {
    return tf.cast(yTrue, 'float32') as tf.Tensor2D;
  }
  throw new UsageError(
    `${lossName}: labels must be class indices [${batchSize}] or one-hot/soft rows ` +
      `[${batchSize}, ${numClasses}], got [${yTrue.shape}]`,
  );
}

function checkClassIndices(indices: tf.Tensor, rules: InputRules): void {
  const values = indices.dataSync();
  for (const value of values) {
    const ignored = rules.allowIgnored && value < 0;
    if (ignored) continue;
    if (!Number.isInteger(value) || value < 0 || value >= rules.numClasses) {
      const allowed = rules.allowIgnored ? ' (or a negative value to ignore the item)' : '';
      throw new UsageError(
        `${rules.lossName}: label ${value} is not a class index in 0..${rules.numClasses - 1}` +
          allowed,
      );
    }
  }
}
