import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/load.js';
import { applyNoise } from '../../../src/noise/apply.js';
import { labelDataset, pairCounts } from './datasets.js';

test('reference symmetric noise on MNIST flips exactly the reference count per class', async () => {
  const mnist = await loadDataset('mnist');
  const rate = 0.4;
  const { labels, report } = applyNoise(mnist, { type: 'symmetric', rate }, 1);
  const perClass = Math.floor(Math.floor(rate * 60_000) / 10);
  const counts = pairCounts(mnist.train.labels, labels, 10);
  counts.forEach((row, label) => {
    const changed = row.reduce((a, b) => a + b) - row[label]!;
    assert.equal(changed, perClass, `class ${label}`);
  });
  assert.equal(report.changed, perClass * 10);
  assert.equal(report.actualRate, perClass * 10 / 60_000);
  assert.equal(report.requestedRate, rate);
});

test('reference symmetric noise never keeps the class and spreads targets evenly', () => {
  const dataset = labelDataset('cifar10', 10, 2000);
  const { labels } = applyNoise(dataset, { type: 'symmetric', rate: 0.8 }, 7);
  const counts = pairCounts(dataset.train.labels, labels, 10);
  const flipsPerClass = Math.floor(Math.floor(0.8 * 20_000) / 10);
  counts.forEach((row, label) => {
    assert.equal(row[label], 2000 - flipsPerClass);
    // Each of the 9 other classes gets flipsPerClass / 9 = 177.8 on average (sd about 12.6).
    row.forEach((count, target) => {
      if (target !== label) assert.ok(Math.abs(count - flipsPerClass / 9) < 6 * 12.6, `${count}`);
    });
  });
});

test('the uniform convention draws from all classes, so about (K-1)/K of the chosen change', () => {
  const dataset = labelDataset('mnist', 10, 3000);
  const { report } = applyNoise(dataset,
    { type: 'symmetric', rate: 0.8, convention: 'uniform' }, 3);
  const chosen = Math.floor(Math.floor(0.8 * 30_000) / 10) * 10;
  const expected = chosen * 0.9;
  const sd = Math.sqrt(chosen * 0.9 * 0.1);
  assert.ok(Math.abs(report.changed - expected) < 5 * sd, `${report.changed} changed`);
  assert.equal(report.convention, 'uniform');
  assert.ok(Math.abs(report.expectedRate - expected / 30_000) < 1e-12);
});

test('rates 0 and 1 change no label and every label', () => {
  const dataset = labelDataset('mnist', 10, 100);
  assert.equal(applyNoise(dataset, { type: 'symmetric', rate: 0 }, 1).report.changed, 0);
  assert.equal(applyNoise(dataset, { type: 'symmetric', rate: 1 }, 1).report.changed, 1000);
});

test('the same seed gives identical labels and another seed different ones', () => {
  const dataset = labelDataset('cifar100', 100, 50);
  const spec = { type: 'symmetric', rate: 0.4 } as const;
  assert.deepEqual(applyNoise(dataset, spec, 5).labels, applyNoise(dataset, spec, 5).labels);
  assert.notDeepEqual(applyNoise(dataset, spec, 5).labels, applyNoise(dataset, spec, 6).labels);
  assert.deepEqual(dataset.train.labels, labelDataset('cifar100', 100, 50).train.labels);
});
