import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { listLosses, lossByName } from '../../../src/losses/index.js';
import { lossGradient, lossValue, randomLogits } from './helpers.js';

// Every loss computes the same value and gradient on the wasm backend as on the cpu
// backend (the precise reference), so no loss relies on an op wasm lacks or gets wrong.
describe('every loss on the wasm backend agrees with the cpu backend', () => {
  const logits = randomLogits(8, 5, 4, 17);
  const labels = [0, 1, 2, 3, 4, 0, 1, 2];
  const options = { numClasses: 5, lambda: 0.5, labelCounts: [5, 4, 3, 2, 1], seed: 3 };

  it('values and gradients within 1e-4 of the largest entry', async () => {
    await tf.setBackend('cpu');
    const onCpu = listLosses().map((info) => {
      const loss = lossByName(info.name, options);
      const value = lossValue(loss, labels, logits);
      return { value, gradient: lossGradient(loss, labels, logits) };
    });

    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    listLosses().forEach((info, i) => {
      const loss = lossByName(info.name, options);
      const value = lossValue(loss, labels, logits);
      const gradient = lossGradient(loss, labels, logits);
      const expected = onCpu[i]!;
      assert.ok(
        Math.abs(value - expected.value) <= 1e-4 * Math.max(Math.abs(expected.value), 1e-3),
        `${info.name}: wasm ${value}, cpu ${expected.value}`,
      );
      const largest = Math.max(...expected.gradient.map(Math.abs));
      const worst = Math.max(...gradient.map((g, k) => Math.abs(g - expected.gradient[k]!)));
      assert.ok(worst <= 1e-4 * largest + 1e-9, `${info.name}: gradient off by ${worst}`);
    });
    await tf.setBackend('cpu');
  });
});
