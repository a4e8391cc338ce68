import type { Dataset, DatasetName } from '../../../src/data/types.js';

/**
 * A dataset holding only training labels (noise never looks at the inputs): `perClass`
 * examples of each of `numClasses` classes, in a mixed order.
 */
export function labelDataset(name: DatasetName, numClasses: number, perClass: number,
  coarseLabelOf?: (fine: number) => number): Dataset {
  const count = numClasses * perClass;
  const labels = Int32Array.from({ length: count }, (_, i) => (i * 7) % numClasses);
  const train = { inputs: new Uint8Array(0), labels, count };
  const split = coarseLabelOf
    ? { ...train, coarseLabels: labels.map((fine) => coarseLabelOf(fine)) } : train;
  return { name, inputShape: [1], numClasses, classNames: [], train: split, test: split,
    normalization: { mean: [0], std: [1] } };
}

/** Counts of (clean, noisy) label pairs. */
export function pairCounts(clean: Int32Array, noisy: Int32Array, numClasses: number): number[][] {
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  clean.forEach((label, i) => { counts[label]![noisy[i]!]! += 1; });
  return counts;
}
