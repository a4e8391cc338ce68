import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learningRateAt } from '../../../src/train/schedule.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);

describe('cosine learning-rate schedule', () => {
  const mnist = { type: 'cosine' as const, initial: 0.01, minimum: 0.001, totalEpochs: 3 };

  it('gives the values of CosineAnnealingLR stepped once per epoch', () => {
    // eta_min + (lr - eta_min) (1 + cos(pi e / 3)) / 2 with cos(pi/3) = 0.5, cos(2 pi/3) = -0.5.
    assert.equal(learningRateAt(0, mnist), 0.01);
    close(learningRateAt(1, mnist), 0.001 + 0.009 * 0.75);
    close(learningRateAt(2, mnist), 0.001 + 0.009 * 0.25);
    assert.equal(learningRateAt(3, mnist), 0.001);
  });

  it('is half way at half the epochs and decreases monotonically', () => {
    const settings = { type: 'cosine' as const, initial: 0.1, minimum: 0, totalEpochs: 200 };
    close(learningRateAt(100, settings), 0.05);
    for (let epoch = 1; epoch <= 200; epoch++) {
      assert.ok(learningRateAt(epoch, settings) < learningRateAt(epoch - 1, settings));
    }
  });

  it('keeps the initial rate with the constant schedule', () => {
    close(learningRateAt(7, { ...mnist, type: 'constant' }), 0.01);
  });
});
