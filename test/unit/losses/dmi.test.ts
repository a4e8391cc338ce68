import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { determinantMutualInformation } from '../../../src/losses/index.js';
import { lossGradient, lossValue } from './helpers.js';

describe('DMI', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('is -log(|det(Y^T P)| + 0.001) with counts', () => {
    const loss = determinantMutualInformation({ numClasses: 2 });
    // P rows (0.8, 0.2), (0.4, 0.6), (0.1, 0.9) with labels 0, 1, 1:
    // Y^T P = [[0.8, 0.2], [0.5, 1.5]], det = 1.2 - 0.1 = 1.1.
    const logits = [[0.8, 0.2], [0.4, 0.6], [0.1, 0.9]].map((row) => row.map(Math.log));
    const value = lossValue(loss, [0, 1, 1], logits);
    assert.ok(Math.abs(value - -Math.log(1.1 + 0.001)) < 1e-6, `${value}`);
  });

  it('a batch smaller than K has det 0: -log(0.001) with a zero gradient', () => {
    const loss = determinantMutualInformation({ numClasses: 4 });
    const logits = [[1, 2, 0, -1], [0.5, -2, 1, 0]];
    assert.ok(Math.abs(lossValue(loss, [0, 2], logits) - -Math.log(0.001)) < 1e-6);
    assert.ok(lossGradient(loss, [0, 2], logits).every((g) => g === 0));
  });

  it('a negative determinant counts by its absolute value', () => {
    const loss = determinantMutualInformation({ numClasses: 2 });
    const logits = [[Math.log(0.2), Math.log(0.8)], [Math.log(0.9), Math.log(0.1)]];
    // Y^T P = [[0.2, 0.8], [0.9, 0.1]], det = 0.02 - 0.72 = -0.7.
    assert.ok(Math.abs(lossValue(loss, [0, 1], logits) - -Math.log(0.7 + 0.001)) < 1e-6);
  });
});
