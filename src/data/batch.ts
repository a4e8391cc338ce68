import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import type { Random } from '../random/rng.js';
import { augmentImage, cifar100Augmentation, cifar10Augmentation } from './augment.js';
import type { AugmentationPolicy } from './augment.js';
import type { Dataset, DatasetName, Split } from './types.js';

const augmentationPolicies: Partial<Record<DatasetName, AugmentationPolicy>> = {
  cifar10: cifar10Augmentation,
  cifar100: cifar100Augmentation,
};

/**
 * Gathers the examples at `indices` into one float32 tensor, [N, H, W, C] for images or
 * [N, F] for tables, normalised with the dataset's per-channel (or per-feature) mean and
 * standard deviation: (x / 255 - mean) / std for image bytes, (x - mean) / std for features.
 * With `augment`, CIFAR images get the reference's training augmentation, drawn from
 * `random`; other datasets have none and are returned unchanged.
 */
export function batchInputs(dataset: Dataset, split: Split, indices: ArrayLike<number>,
  options: { augment: boolean; random?: Random }): tf.Tensor {
  const exampleSize = dataset.inputShape.reduce((product, size) => product * size, 1);
  const values = split.inputs instanceof Uint8Array
    ? normalizeImages(dataset, split.inputs, indices, exampleSize, augmentationFor(dataset,
      options))
    : normalizeFeatures(dataset, split.inputs, indices, exampleSize);
  return tf.tensor(values, [indices.length, ...dataset.inputShape], 'float32');
}

/**
 * A seeded random subset of `count` examples of a split, kept in their original order (for
 * quick runs on part of a dataset).
 */
export function subsetSplit(split: Split, count: number, random: Random): Split {
  if (!Number.isInteger(count) || count < 1 || count > split.count) {
    throw new UsageError(`subset size ${count} must be a whole number in [1, ${split.count}]`);
  }
  const chosen = random.shuffle(Int32Array.from({ length: split.count }, (_, i) => i))
    .subarray(0, count).sort();
  const exampleSize = split.inputs.length / split.count;
  const inputs = split.inputs instanceof Uint8Array ? new Uint8Array(count * exampleSize)
    : new Float32Array(count * exampleSize);
  const labels = new Int32Array(count);
  const coarseLabels = split.coarseLabels ? new Int32Array(count) : undefined;
  chosen.forEach((index, row) => {
    inputs.set(split.inputs.subarray(index * exampleSize, (index + 1) * exampleSize),
      row * exampleSize);
    labels[row] = split.labels[index]!;
    if (coarseLabels) coarseLabels[row] = split.coarseLabels![index]!;
  });
  return coarseLabels ? { inputs, labels, count, coarseLabels } : { inputs, labels, count };
}

interface Augmentation {
  policy: AugmentationPolicy;
  random: Random;
}

function augmentationFor(dataset: Dataset, options: { augment: boolean; random?: Random }):
  Augmentation | undefined {
  const policy = augmentationPolicies[dataset.name];
  if (!options.augment || policy === undefined) return undefined;
  if (options.random === undefined) {
    throw new Error('batchInputs: augment needs a seeded random source');
  }
  return { policy, random: options.random };
}

function normalizeImages(dataset: Dataset, inputs: Uint8Array, indices: ArrayLike<number>,
  exampleSize: number, augmentation: Augmentation | undefined): Float32Array {
  const channels = dataset.inputShape[dataset.inputShape.length - 1]!;
  const lookup = byteLookupTables(dataset.normalization, channels);
  const values = new Float32Array(indices.length * exampleSize);
  const scratch = new Uint8Array(exampleSize);

  for (let row = 0; row < indices.length; row++) {
    const start = indices[row]! * exampleSize;
    let image = inputs.subarray(start, start + exampleSize);
    if (augmentation) {
      augmentImage(image, scratch, dataset.inputShape, augmentation.policy, augmentation.random);
      image = scratch;
    }
    const offset = row * exampleSize;
    for (let i = 0; i < exampleSize; i++) {
      values[offset + i] = lookup[(i % channels) * 256 + image[i]!]!;
    }
  }
  return values;
}

/** For each channel, the normalised value of every byte 0..255. */
function byteLookupTables(normalization: Dataset['normalization'], channels: number):
  Float32Array {
  const table = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    const mean = normalization.mean[c]!;
    const std = normalization.std[c]!;
    for (let byte = 0; byte < 256; byte++) table[c * 256 + byte] = (byte / 255 - mean) / std;
  }
  return table;
}

function normalizeFeatures(dataset: Dataset, inputs: Float32Array, indices: ArrayLike<number>,
  exampleSize: number): Float32Array {
  const { mean, std } = dataset.normalization;
  const values = new Float32Array(indices.length * exampleSize);
  for (let row = 0; row < indices.length; row++) {
    const start = indices[row]! * exampleSize;
    for (let f = 0; f < exampleSize; f++) {
      values[row * exampleSize + f] = (inputs[start + f]! - mean[f]!) / std[f]!;
    }
  }
  return values;
}
