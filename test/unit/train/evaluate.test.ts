import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../../src/data/types.js';
import type { Classifier } from '../../../src/models/index.js';
import { evaluate } from '../../../src/train/evaluate.js';

// Tabular data whose single feature is the logit of class 1 against class 0 (logits [0, x]),
// so predictions are known: class 1 exactly when x > 0.
const features = new Float32Array([-2, -1, 3, 0.5, 1, -0.5]);
const labels = new Int32Array([0, 0, 1, 0, 1, 1]);
const dataset: Dataset = {
  name: 'csv', inputShape: [1], numClasses: 2, classNames: ['no', 'yes'],
  train: { inputs: features, labels, count: 6 }, test: { inputs: features, labels, count: 6 },
  normalization: { mean: [0], std: [1] },
};
const model: Classifier = {
  name: 'threshold', trainableVariables: [], stateVariables: [], namedVariables: () => ({}),
  apply: (x) => tf.concat([tf.zerosLike(x), x], 1) as tf.Tensor2D,
  dispose: () => undefined,
};

describe('evaluate', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('counts a confusion matrix (row = true class) and per-class accuracy', () => {
    const evaluation = evaluate(model, dataset, dataset.test, 4);
    // Class 0: -2, -1 right, 0.5 wrong; class 1: 3, 1 right, -0.5 wrong.
    assert.deepEqual(evaluation.confusionMatrix, [[2, 1], [1, 2]]);
    assert.deepEqual(evaluation.perClassAccuracy, [2 / 3, 2 / 3]);
    assert.equal(evaluation.accuracy, 4 / 6);
  });

  it('reports the mean cross-entropy over batches of any size', () => {
    const expected = Array.from(features).reduce((sum, x, i) => {
      const logNormaliser = Math.log(1 + Math.exp(x));
      return sum + (labels[i] === 1 ? logNormaliser - x : logNormaliser);
    }, 0) / 6;
    for (const batchSize of [1, 4, 6, 100]) {
      assert.ok(Math.abs(evaluate(model, dataset, dataset.test, batchSize).loss - expected) < 1e-6);
    }
  });
});
