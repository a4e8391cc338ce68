import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { lossByName } from '../../../src/losses/registry.js';
import type { LossFunction } from '../../../src/losses/types.js';
import type { Classifier } from '../../../src/models/index.js';
import { SgdOptimizer } from '../../../src/train/sgd.js';
import { trainStep } from '../../../src/train/step.js';

// A linear classifier logits = x W (2 features, 3 classes) on two examples, so that the
// cross-entropy gradient can be written out: dL/dW = x^T (softmax(xW) - onehot(y)) / N.
const inputs = [[1, 2], [-1, 0.5]];
const labels = [2, 0];
const initialWeight = [[0.1, -0.2, 0.3], [0.05, 0.4, -0.1]];

function linearClassifier(): Classifier {
  const weight = tf.variable(tf.tensor2d(initialWeight), true, 'linear.weight');
  return {
    name: 'linear',
    trainableVariables: [weight],
    stateVariables: [],
    namedVariables: () => ({ 'linear.weight': weight }),
    apply: (x) => tf.matMul(x as tf.Tensor2D, weight),
    dispose: () => weight.dispose(),
  };
}

/** Mean cross-entropy, its gradient with respect to W, and the correct count, in plain numbers. */
function handComputed(weight: number[][]): { loss: number; gradient: number[][]; correct: number } {
  const gradient = weight.map((row) => row.map(() => 0));
  let loss = 0;
  let correct = 0;
  inputs.forEach((x, n) => {
    const logits = [0, 1, 2].map((k) => x[0]! * weight[0]![k]! + x[1]! * weight[1]![k]!);
    const largest = Math.max(...logits);
    const exps = logits.map((logit) => Math.exp(logit - largest));
    const total = exps.reduce((a, b) => a + b, 0);
    const probabilities = exps.map((e) => e / total);
    loss -= Math.log(probabilities[labels[n]!]!) / inputs.length;
    if (logits.indexOf(largest) === labels[n]) correct += 1;
    probabilities.forEach((p, k) => {
      const delta = (p - (k === labels[n] ? 1 : 0)) / inputs.length;
      gradient[0]![k]! += x[0]! * delta;
      gradient[1]![k]! += x[1]! * delta;
    });
  });
  return { loss, gradient, correct };
}

function assertMatrixClose(actual: ArrayLike<number>, expected: number[][]): void {
  expected.flat().forEach((value, i) => {
    assert.ok(Math.abs(actual[i]! - value) < 1e-6, `entry ${i}: ${actual[i]} is not ${value}`);
  });
}

function step(loss: LossFunction, gradBound: number | null, weightDecay = 0) {
  const model = linearClassifier();
  const optimizer = new SgdOptimizer(model.trainableVariables,
    { momentum: 0, nesterov: false, weightDecay });
  const x = tf.tensor2d(inputs);
  const y = tf.tensor1d(labels, 'int32');
  const outcome = trainStep(model, loss, optimizer, x, y, { learningRate: 0.5, gradBound });
  const weight = Array.from(model.trainableVariables[0]!.dataSync());
  [x, y].forEach((tensor) => tensor.dispose());
  optimizer.dispose();
  model.dispose();
  return { outcome, weight };
}

describe('trainStep', () => {
  before(async () => { await tf.setBackend('cpu'); });
  const crossEntropy = () => lossByName('ce', { numClasses: 3 });

  it('returns the batch loss and correct count and steps along the gradient', () => {
    const expected = handComputed(initialWeight);
    const { outcome, weight } = step(crossEntropy(), null);
    assert.ok(Math.abs(outcome.loss - expected.loss) < 1e-6);
    assert.equal(outcome.correct, expected.correct);
    assertMatrixClose(weight, initialWeight.map((row, i) =>
      row.map((value, k) => value - 0.5 * expected.gradient[i]![k]!)));
  });

  it('clips the gradient to the global norm bound before the update', () => {
    const expected = handComputed(initialWeight);
    const norm = Math.hypot(...expected.gradient.flat());
    const bound = norm / 4;
    const { weight } = step(crossEntropy(), bound, 0.1);
    const factor = bound / (norm + 1e-6);
    // Weight decay is added after clipping: d = factor * g + 0.1 * theta.
    assertMatrixClose(weight, initialWeight.map((row, i) => row.map((value, k) =>
      value - 0.5 * (factor * expected.gradient[i]![k]! + 0.1 * value))));
  });

  it('adds the L1 weight penalty a loss asks for to its value and gradient', () => {
    const base = crossEntropy();
    const penalised = Object.assign((yTrue: tf.Tensor, yPred: tf.Tensor) => base(yTrue, yPred), {
      lossName: 'ce-with-l1', config: base.config, weightPenalty: { l1: 0.1 },
    });
    const expected = handComputed(initialWeight);
    const absoluteSum = initialWeight.flat().reduce((sum, value) => sum + Math.abs(value), 0);
    const { outcome, weight } = step(penalised, null);
    assert.ok(Math.abs(outcome.loss - (expected.loss + 0.1 * absoluteSum)) < 1e-6);
    assertMatrixClose(weight, initialWeight.map((row, i) => row.map((value, k) =>
      value - 0.5 * (expected.gradient[i]![k]! + 0.1 * Math.sign(value)))));
  });

  it('leaves no tensors behind', () => {
    const model = linearClassifier();
    const optimizer = new SgdOptimizer(model.trainableVariables,
      { momentum: 0.9, nesterov: true, weightDecay: 0.01 });
    const x = tf.tensor2d(inputs);
    const y = tf.tensor1d(labels, 'int32');
    const loss = crossEntropy();
    trainStep(model, loss, optimizer, x, y, { learningRate: 0.1, gradBound: 5 });
    const before = tf.memory().numTensors;
    trainStep(model, loss, optimizer, x, y, { learningRate: 0.1, gradBound: 5 });
    assert.equal(tf.memory().numTensors, before);
  });
});
