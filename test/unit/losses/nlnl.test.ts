import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { negativeLearning } from '../../../src/losses/index.js';
import { lossGradient, lossValue, randomLogits } from './helpers.js';

describe('NLNL (negative learning)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const logits = randomLogits(5, 4, 2, 3);
  const labels = [0, 1, 2, 3, 0];

  it('a batch whose items are all ignored gives 0 with a zero gradient', () => {
    const loss = negativeLearning({ numClasses: 4 });
    assert.ok(lossValue(loss, [-1, -1, -1, -1, -1], logits) === 0);
    assert.ok(lossGradient(loss, [-1, -1, -1, -1, -1], logits).every((g) => g === 0));
  });

  it('is -w[y] log(1 - p_ybar) for a complementary label other than y', () => {
    // With two classes the complementary label is the other class: no randomness.
    const loss = negativeLearning({ numClasses: 2, labelCounts: [30, 10] });
    const p1 = 0.3;
    const value = lossValue(loss, [0, 1], [[0, Math.log(p1 / (1 - p1))], [0, 0]]);
    // Item 1: label 0 (weight 30/30 = 1), ybar = 1: -log(1 - 0.3). Item 2: label 1
    // (weight 30/10 = 3), ybar = 0: -3 log(0.5).
    const expected = (-Math.log(1 - p1) - 3 * Math.log(0.5)) / 2;
    assert.ok(Math.abs(value - expected) < 1e-6, `${value} vs ${expected}`);
  });

  it('ignored items leave the mean over the kept ones', () => {
    const loss = negativeLearning({ numClasses: 2 });
    const both = lossValue(loss, [0, -1], [[0, 1], [5, -5]]);
    assert.ok(Math.abs(both - -Math.log(1 - 1 / (1 + Math.exp(-1)))) < 1e-6);
  });

  it('draws the same complementary labels for the same seed, others for another', () => {
    const run = (seed: number) => {
      const loss = negativeLearning({ numClasses: 4, seed });
      return [1, 2, 3].map(() => lossValue(loss, labels, logits));
    };
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7), run(8));
  });

  it('rejects class counts of the wrong length', () => {
    assert.throws(() => negativeLearning({ numClasses: 4, labelCounts: [1, 2] }), /labelCounts/);
  });
});
