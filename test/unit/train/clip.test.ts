import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm, globalNormScale } from '../../../src/train/clip.js';

describe('global-norm gradient clipping', () => {
  before(async () => { await tf.setBackend('cpu'); });

  // Two gradients whose global norm is sqrt(3^2 + 4^2) = 5.
  const gradients = () => [tf.tensor1d([3, 0]), tf.tensor2d([[0], [4]])];

  it('scales all gradients together to the bound when their norm exceeds it', () => {
    const clipped = clipByGlobalNorm(gradients(), 1);
    const factor = 1 / (5 + 1e-6);
    assert.ok(Math.abs(clipped[0]!.dataSync()[0]! - 3 * factor) < 1e-7);
    assert.ok(Math.abs(clipped[1]!.dataSync()[1]! - 4 * factor) < 1e-7);
    const norm = Math.hypot(...clipped.flatMap((gradient) => Array.from(gradient.dataSync())));
    assert.ok(Math.abs(norm - 1) < 1e-6, `norm after clipping is ${norm}`);
  });

  it('leaves gradients below the bound unchanged', () => {
    const clipped = clipByGlobalNorm(gradients(), 5.0001);
    assert.deepEqual(Array.from(clipped[0]!.dataSync()), [3, 0]);
    assert.deepEqual(Array.from(clipped[1]!.dataSync()), [0, 4]);
  });

  it('gives the scale factor min(1, bound / (norm + 1e-6))', () => {
    assert.ok(Math.abs(globalNormScale(gradients(), 2.5).dataSync()[0]! - 2.5 / (5 + 1e-6)) < 1e-7);
    assert.equal(globalNormScale(gradients(), 50).dataSync()[0], 1);
  });
});
