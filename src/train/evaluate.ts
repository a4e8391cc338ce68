import * as tf from '@tensorflow/tfjs';
import { batchInputs } from '../data/batch.js';
import type { Dataset, Split } from '../data/types.js';
import type { Classifier } from '../models/index.js';

export interface Evaluation {
  /** Mean cross-entropy on the split (the reference evaluates with plain cross-entropy). */
  loss: number;
  accuracy: number;
  /** Accuracy of each true class (NaN for a class with no examples). */
  perClassAccuracy: number[];
  /** counts[trueClass][predictedClass]. */
  confusionMatrix: number[][];
}

/**
 * Evaluates the model in inference mode (batch norm with its running statistics) on a
 * split with its own labels, in batches of `batchSize`.
 */
export function evaluate(model: Classifier, dataset: Dataset, split: Split, batchSize: number):
  Evaluation {
  const classes = dataset.numClasses;
  const confusionMatrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;

  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(start + batchSize, split.count);
    const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const labels = split.labels.subarray(start, end);
    const { predictions, lossTotal } = evaluateBatch(model, dataset, split, indices, labels);
    lossSum += lossTotal;
    predictions.forEach((predicted, row) => { confusionMatrix[labels[row]!]![predicted]! += 1; });
  }

  const correct = confusionMatrix.reduce((sum, row, index) => sum + row[index]!, 0);
  const perClassAccuracy = confusionMatrix.map((row, index) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return total === 0 ? Number.NaN : row[index]! / total;
  });
  return {
    loss: lossSum / split.count,
    accuracy: correct / split.count,
    perClassAccuracy,
    confusionMatrix,
  };
}

function evaluateBatch(model: Classifier, dataset: Dataset, split: Split, indices: Int32Array,
  labels: Int32Array): { predictions: Int32Array; lossTotal: number } {
  const [predictionTensor, lossTensor] = tf.tidy(() => {
    const inputs = batchInputs(dataset, split, indices, { augment: false });
    const logits = model.apply(inputs, false);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), dataset.numClasses);
    const crossEntropy = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits))));
    return [tf.argMax(logits, 1), crossEntropy];
  });
  const predictions = predictionTensor.dataSync() as Int32Array;
  const lossTotal = lossTensor.dataSync()[0]!;
  predictionTensor.dispose();
  lossTensor.dispose();
  return { predictions, lossTotal };
}
