import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/errors.js';
import { applyNoise } from '../../../src/noise/apply.js';
import { exactRowCounts } from '../../../src/noise/transition.js';
import { labelDataset, pairCounts } from './datasets.js';

const matrix = [
  [0.7, 0.2, 0.1, 0],
  [0, 0.95, 0.05, 0],
  [0.25, 0.25, 0.25, 0.25],
  [0.01, 0, 0, 0.99],
];

test('per-example sampling gives an empirical matrix within sampling error', () => {
  const perClass = 25_000;
  const dataset = labelDataset('csv', 4, perClass);
  const { report } = applyNoise(dataset, { type: 'matrix', matrix }, 12);
  report.transitionMatrix.forEach((row, i) => row.forEach((share, j) => {
    const p = matrix[i]![j]!;
    const sd = Math.sqrt(p * (1 - p) / perClass);
    if (p === 0) assert.equal(share, 0);
    else assert.ok(Math.abs(share - p) < 5 * sd, `cell [${i}][${j}]: ${share} vs ${p}`);
  }));
  const expected = (0.3 + 0.05 + 0.75 + 0.01) / 4;
  assert.ok(Math.abs(report.requestedRate - expected) < 1e-12);
  assert.equal(report.sampling, 'per-example');
});

test('exact sampling gives each row exactly its rounded counts', () => {
  const dataset = labelDataset('csv', 4, 333);
  const { labels, report } = applyNoise(dataset, { type: 'matrix', matrix, sampling: 'exact' }, 1);
  const counts = pairCounts(dataset.train.labels, labels, 4);
  counts.forEach((row, i) => assert.deepEqual(row, exactRowCounts(333, matrix[i]!)));
  assert.equal(report.actualRate, report.expectedRate);
  const again = applyNoise(dataset, { type: 'matrix', matrix, sampling: 'exact' }, 2).labels;
  assert.notDeepEqual(again, labels);
  assert.deepEqual(pairCounts(dataset.train.labels, again, 4), counts);
});

test('exact row counts keep the row total and do not let small cells vanish', () => {
  assert.deepEqual(exactRowCounts(10, [0.5, 0.5]), [5, 5]);
  assert.deepEqual(exactRowCounts(10, [0.96, 0.02, 0.02]), [8, 1, 1]);
  assert.deepEqual(exactRowCounts(2, [0.96, 0.02, 0.02]), [2, 0, 0]);
  assert.deepEqual(exactRowCounts(7, [0, 1 / 3, 1 / 3, 1 / 3]), [0, 3, 2, 2]);
  for (const n of [0, 1, 9, 101, 997]) {
    for (const row of matrix) {
      const counts = exactRowCounts(n, row);
      assert.equal(counts.reduce((a, b) => a + b), n);
      counts.forEach((count, j) => {
        if (row[j] === 0) assert.equal(count, 0);
        assert.ok(Math.abs(count - n * row[j]!) <= 2, `n ${n}, p ${row[j]}, count ${count}`);
      });
    }
  }
});

test('pair flip moves each class only to the next one, about rate of the time', () => {
  const dataset = labelDataset('mnist', 10, 5000);
  const { labels, report } = applyNoise(dataset, { type: 'pair', rate: 0.45 }, 3);
  pairCounts(dataset.train.labels, labels, 10).forEach((row, i) => row.forEach((count, j) => {
    if (j === (i + 1) % 10) assert.ok(Math.abs(count - 2250) < 5 * Math.sqrt(5000 * 0.45 * 0.55));
    else if (j !== i) assert.equal(count, 0);
  }));
  assert.equal(report.type, 'pair');
});

test('a matrix of the wrong size for the dataset is a usage error', () => {
  const dataset = labelDataset('mnist', 10, 10);
  assert.throws(() => applyNoise(dataset, { type: 'matrix', matrix }, 1),
    (error: Error) => error instanceof UsageError &&
      /4x4 but dataset mnist has 10/.test(error.message));
});
