import type { Random } from '../random/rng.js';
import { drawFromRow, indicesByClass } from './sampling.js';

/**
 * Relabels each example independently: an example of clean class i gets label j with
 * probability matrix[i][j] (row = clean class, column = noisy class).
 */
export function transitionNoisePerExample(labels: Int32Array, matrix: number[][],
  random: Random): { labels: Int32Array; expectedRate: number } {
  const noisy = labels.slice();
  for (let i = 0; i < labels.length; i++) noisy[i] = drawFromRow(matrix[labels[i]!]!, random);
  return { labels: noisy, expectedRate: expectedChangedShare(labels, matrix) };
}

/**
 * Relabels with exact counts: the n examples of clean class i are shuffled and split into
 * blocks of `exactRowCounts(n, matrix[i])` examples, block j getting label j.
 */
export function transitionNoiseExact(labels: Int32Array, matrix: number[][],
  random: Random): { labels: Int32Array; expectedRate: number } {
  const noisy = labels.slice();
  let changed = 0;
  indicesByClass(labels, matrix.length).forEach((members, label) => {
    const shuffled = random.shuffle(members.slice());
    const counts = exactRowCounts(members.length, matrix[label]!);
    let start = 0;
    counts.forEach((count, target) => {
      for (const index of shuffled.subarray(start, start + count)) noisy[index] = target;
      if (target !== label) changed += count;
      start += count;
    });
  });
  return { labels: noisy, expectedRate: labels.length > 0 ? changed / labels.length : 0 };
}

/**
 * Splits n examples over the cells of one matrix row: each cell gets the floor of n * p, the
 * remaining examples go to the cells with the largest remainders (ties to the lower column),
 * and then every cell with p > 0 left at zero takes one example from the largest cell, so
 * that small cells do not vanish (when n allows it). The counts always sum to n.
 */
export function exactRowCounts(n: number, row: number[]): number[] {
  const expected = row.map((p) => n * p);
  const counts = expected.map((value) => Math.floor(value));
  const byRemainder = expected.map((value, j) => ({ j, remainder: value - Math.floor(value) }))
    .filter(({ j }) => row[j]! > 0)
    .sort((a, b) => b.remainder - a.remainder || a.j - b.j);
  let missing = n - counts.reduce((total, count) => total + count, 0);
  for (const { j } of byRemainder) {
    if (missing <= 0) break;
    counts[j]! += 1;
    missing--;
  }

  const positiveCells = row.filter((p) => p > 0).length;
  if (n >= positiveCells) {
    row.forEach((p, j) => {
      if (p <= 0 || counts[j]! > 0) return;
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest]! -= 1;
      counts[j] = 1;
    });
  }
  return counts;
}

/** The share of labels a matrix is expected to change, given the clean class counts. */
export function expectedChangedShare(labels: Int32Array, matrix: number[][]): number {
  if (labels.length === 0) return 0;
  let expected = 0;
  for (const label of labels) expected += 1 - matrix[label]![label]!;
  return expected / labels.length;
}

/** Pair flip: each class keeps its label with probability 1 - rate, else takes the next one. */
export function pairFlipMatrix(numClasses: number, rate: number): number[][] {
  return flipMatrix(numClasses, rate,
    Array.from({ length: numClasses }, (_, k) => [k, (k + 1) % numClasses]));
}

/** The identity, except that each listed source keeps its label with 1 - rate, else → target. */
export function flipMatrix(numClasses: number, rate: number,
  flips: Array<[number, number]>): number[][] {
  const matrix = Array.from({ length: numClasses }, (_, i) =>
    Array.from({ length: numClasses }, (_, j): number => (i === j ? 1 : 0)));
  for (const [source, target] of flips) {
    if (source === target) continue;
    matrix[source]![source] = 1 - rate;
    matrix[source]![target] = rate;
  }
  return matrix;
}
