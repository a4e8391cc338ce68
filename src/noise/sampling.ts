import type { Random } from '../random/rng.js';

/** The indices of the examples of each class. */
export function indicesByClass(labels: Int32Array, numClasses: number): Int32Array[] {
  const counts = new Int32Array(numClasses);
  for (const label of labels) counts[label]! += 1;
  const groups = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(numClasses);
  labels.forEach((label, index) => {
    groups[label]![filled[label]!++] = index;
  });
  return groups;
}

/**
 * `count` distinct elements of `values`, drawn uniformly (a partial Fisher-Yates shuffle of a
 * copy, so `values` is left as it was).
 */
export function chooseWithoutReplacement(values: Int32Array, count: number,
  random: Random): Int32Array {
  const pool = values.slice();
  for (let i = 0; i < count; i++) {
    const j = i + random.int(pool.length - i);
    const held = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = held;
  }
  return pool.subarray(0, count);
}

/** A class drawn from the probabilities `row` (which sum to 1). */
export function drawFromRow(row: number[], random: Random): number {
  const u = random.float();
  let cumulative = 0;
  let lastPositive = 0;
  for (let j = 0; j < row.length; j++) {
    if (row[j]! <= 0) continue;
    cumulative += row[j]!;
    lastPositive = j;
    if (u < cumulative) return j;
  }
  return lastPositive;
}
