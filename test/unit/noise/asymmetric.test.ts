import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/errors.js';
import { loadDataset } from '../../../src/data/load.js';
import { applyNoise } from '../../../src/noise/apply.js';
import { labelDataset, pairCounts } from './datasets.js';

/** Asserts that only the listed (source, target) moves happened, and returns their counts. */
function assertOnlyMoves(counts: number[][], moves: Map<number, number>): Map<number, number> {
  const moved = new Map<number, number>();
  counts.forEach((row, source) => row.forEach((count, target) => {
    if (source === target || count === 0) return;
    assert.equal(moves.get(source), target, `${count} examples moved ${source}→${target}`);
    moved.set(source, count);
  }));
  return moved;
}

test('the MNIST preset moves only 7→1, 2→7, 5→6, 6→5, 3→8, each with probability rate',
  async () => {
    const mnist = await loadDataset('mnist');
    const rate = 0.3;
    const { labels, report } = applyNoise(mnist, { type: 'asymmetric', rate }, 2);
    const counts = pairCounts(mnist.train.labels, labels, 10);
    const moves = new Map([[7, 1], [2, 7], [5, 6], [6, 5], [3, 8]]);
    const moved = assertOnlyMoves(counts, moves);
    for (const source of moves.keys()) {
      const n = report.perClass.clean[source]!;
      const sd = Math.sqrt(n * rate * (1 - rate));
      assert.ok(Math.abs(moved.get(source)! - n * rate) < 5 * sd, `class ${source}`);
    }
    assert.equal(report.preset, 'reference');
  });

test('the CIFAR-10 preset flips exactly floor(rate * n) clean examples of each source', () => {
  const dataset = labelDataset('cifar10', 10, 1003);
  const rate = 0.4;
  const { labels } = applyNoise(dataset, { type: 'asymmetric', rate }, 9);
  const counts = pairCounts(dataset.train.labels, labels, 10);
  const moves = new Map([[9, 1], [2, 0], [4, 7], [3, 5], [5, 3]]);
  const moved = assertOnlyMoves(counts, moves);
  for (const source of moves.keys()) assert.equal(moved.get(source), Math.floor(rate * 1003));
  assert.equal(counts[3]![3], 1003 - Math.floor(rate * 1003));
  assert.equal(counts[5]![5], 1003 - Math.floor(rate * 1003));
});

test('the CIFAR-100 reference preset flips within groups of five consecutive classes', () => {
  const dataset = labelDataset('cifar100', 100, 200);
  const { labels } = applyNoise(dataset, { type: 'asymmetric', rate: 0.4 }, 4);
  const moves = new Map(Array.from({ length: 100 }, (_, k) =>
    [k, k % 5 === 4 ? k - 4 : k + 1] as [number, number]));
  const moved = assertOnlyMoves(pairCounts(dataset.train.labels, labels, 100), moves);
  assert.equal(moved.size, 100);
});

test('the CIFAR-100 superclass preset flips within the superclasses of the coarse labels', () => {
  const superclassOf = (fine: number) => (fine * 3) % 20;
  const dataset = labelDataset('cifar100', 100, 200, superclassOf);
  const { labels, report } = applyNoise(dataset,
    { type: 'asymmetric', rate: 0.4, preset: 'superclass' }, 4);
  const moves = new Map<number, number>();
  for (let superclass = 0; superclass < 20; superclass++) {
    const members = Array.from({ length: 100 }, (_, k) => k)
      .filter((k) => superclassOf(k) === superclass);
    members.forEach((fine, i) => moves.set(fine, members[(i + 1) % members.length]!));
  }
  const moved = assertOnlyMoves(pairCounts(dataset.train.labels, labels, 100), moves);
  assert.equal(moved.size, 100);
  assert.equal(report.preset, 'superclass');
  assert.ok(Math.abs(report.actualRate - 0.4) < 0.02);
});

test('a dataset without presets and an unknown preset are usage errors', () => {
  const fashion = labelDataset('fashion-mnist', 10, 10);
  assert.throws(() => applyNoise(fashion, { type: 'asymmetric', rate: 0.2 }, 1),
    (error: Error) => error instanceof UsageError &&
      /fashion-mnist has no asymmetric/.test(error.message));
  const mnist = labelDataset('mnist', 10, 10);
  assert.throws(() => applyNoise(mnist, { type: 'asymmetric', rate: 0.2, preset: 'superclass' }, 1),
    (error: Error) => error instanceof UsageError &&
      /unknown asymmetric preset/.test(error.message));
  const noCoarse = labelDataset('cifar100', 100, 2);
  assert.throws(
    () => applyNoise(noCoarse, { type: 'asymmetric', rate: 0.2, preset: 'superclass' }, 1),
    (error: Error) => error instanceof UsageError && /no coarse labels/.test(error.message));
});
