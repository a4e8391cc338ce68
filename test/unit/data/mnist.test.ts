import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/load.js';

// Label counts of the official MNIST files (LeCun et al.), per digit 0..9.
const trainHistogram = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const testHistogram = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts;
}

test('the built-in MNIST loads 60,000 + 10,000 images with the official label counts', async () => {
  const mnist = await loadDataset('mnist');
  assert.equal(mnist.train.count, 60_000);
  assert.equal(mnist.test.count, 10_000);
  assert.equal(mnist.train.inputs.length, 60_000 * 28 * 28);
  assert.equal(mnist.test.inputs.length, 10_000 * 28 * 28);
  assert.deepEqual(histogram(mnist.train.labels), trainHistogram);
  assert.deepEqual(histogram(mnist.test.labels), testHistogram);
  assert.deepEqual(mnist.normalization, { mean: [0.1307], std: [0.3081] });
  assert.equal(Object.getPrototypeOf(mnist.train.inputs), Uint8Array.prototype);

  let sum = 0;
  for (const byte of mnist.train.inputs) sum += byte;
  const mean = sum / mnist.train.inputs.length / 255;
  assert.ok(Math.abs(mean - 0.1307) < 0.001, `mean pixel ${mean}`);
});
