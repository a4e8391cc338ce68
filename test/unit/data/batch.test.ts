import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  augmentImage, cifar100Augmentation, cifar10Augmentation,
} from '../../../src/data/augment.js';
import { batchInputs, subsetSplit } from '../../../src/data/batch.js';
import type { Dataset } from '../../../src/data/types.js';
import { UsageError } from '../../../src/errors.js';
import { Random } from '../../../src/random/rng.js';

const side = 32;

/** A CIFAR-like dataset of `count` images whose bytes are (index * 5 + example) mod 251 + 1. */
function imageDataset(name: 'cifar10' | 'cifar100' | 'mnist', count: number): Dataset {
  const shape = name === 'mnist' ? [28, 28, 1] : [side, side, 3];
  const size = shape.reduce((a, b) => a * b);
  const inputs = Uint8Array.from({ length: count * size },
    (_, i) => ((i % size) * 5 + Math.floor(i / size)) % 251 + 1);
  const split = { inputs, labels: Int32Array.from({ length: count }, (_, i) => i % 10), count };
  const channels = shape[2]!;
  return {
    name, inputShape: shape, numClasses: 10, classNames: [], train: split, test: split,
    normalization: {
      mean: [0.5, 0.4, 0.3].slice(0, channels),
      std: [0.2, 0.25, 0.5].slice(0, channels),
    },
  };
}

test('a batch is the chosen images in NHWC order, normalised per channel', () => {
  const dataset = imageDataset('cifar10', 4);
  const batch = batchInputs(dataset, dataset.train, [2, 0], { augment: false });
  assert.deepEqual(batch.shape, [2, side, side, 3]);
  assert.equal(batch.dtype, 'float32');
  const values = batch.dataSync();
  const size = side * side * 3;
  for (const [row, example] of [[0, 2], [1, 0]] as const) {
    for (const i of [0, 1, 2, 100, size - 1]) {
      const channel = i % 3;
      const byte = dataset.train.inputs[example * size + i]!;
      const expected = (byte / 255 - dataset.normalization.mean[channel]!) /
        dataset.normalization.std[channel]!;
      assert.ok(Math.abs(values[row * size + i]! - expected) < 1e-5);
    }
  }
  batch.dispose();
});

test('tabular features are normalised per feature into [N, F]', () => {
  const split = { inputs: Float32Array.from([1, 10, 3, 30]), labels: Int32Array.from([0, 1]),
    count: 2 };
  const dataset: Dataset = { name: 'csv', inputShape: [2], numClasses: 2, classNames: ['a', 'b'],
    train: split, test: split, normalization: { mean: [2, 20], std: [1, 10] } };
  const batch = batchInputs(dataset, split, [1, 0], { augment: false });
  assert.deepEqual(batch.shape, [2, 2]);
  assert.deepEqual(Array.from(batch.dataSync()), [1, 1, -1, -1]);
  batch.dispose();
});

test('augmentation is seeded and leaves MNIST unchanged', () => {
  const cifar = imageDataset('cifar10', 8);
  const draw = (seed: number) => {
    const batch = batchInputs(cifar, cifar.train, [0, 1, 2, 3, 4, 5, 6, 7],
      { augment: true, random: Random.fromSeed(seed) });
    const values = Array.from(batch.dataSync());
    batch.dispose();
    return values;
  };
  assert.deepEqual(draw(3), draw(3));
  assert.notDeepEqual(draw(3), draw(4));

  const mnist = imageDataset('mnist', 2);
  const plain = batchInputs(mnist, mnist.train, [0, 1], { augment: false });
  const augmented = batchInputs(mnist, mnist.train, [0, 1],
    { augment: true, random: Random.fromSeed(1) });
  assert.deepEqual(Array.from(augmented.dataSync()), Array.from(plain.dataSync()));
  tf.dispose([plain, augmented]);
});

/** The image shifted by (dy, dx) with zero fill, then flipped horizontally when `flip`. */
function shiftedAndFlipped(source: Uint8Array, dy: number, dx: number, flip: boolean): Uint8Array {
  const target = new Uint8Array(source.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const fromX = (flip ? side - 1 - x : x) + dx;
      const fromY = y + dy;
      if (fromY < 0 || fromY >= side || fromX < 0 || fromX >= side) continue;
      for (let c = 0; c < 3; c++) {
        target[(y * side + x) * 3 + c] = source[(fromY * side + fromX) * 3 + c]!;
      }
    }
  }
  return target;
}

function matchesSomeCropAndFlip(source: Uint8Array, output: Uint8Array): { flip: boolean } | null {
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      for (const flip of [false, true]) {
        const candidate = shiftedAndFlipped(source, dy, dx, flip);
        if (candidate.every((value, i) => value === output[i])) return { flip };
      }
    }
  }
  return null;
}

test('CIFAR-10 augmentation is a crop of the 4-padded image, flipped about half the time', () => {
  const source = imageDataset('cifar10', 1).train.inputs as Uint8Array;
  const random = Random.fromSeed(11);
  const output = new Uint8Array(source.length);
  let flips = 0;
  const trials = 60;
  for (let trial = 0; trial < trials; trial++) {
    augmentImage(source, output, [side, side, 3], cifar10Augmentation, random);
    const match = matchesSomeCropAndFlip(source, output);
    assert.ok(match, `trial ${trial} is not a crop with padding 4 (and flip)`);
    if (match.flip) flips++;
  }
  assert.ok(flips > 15 && flips < 45, `${flips} flips in ${trials}`);
});

test('CIFAR-100 augmentation also rotates, keeping source pixels or zero fill', () => {
  const source = imageDataset('cifar100', 1).train.inputs as Uint8Array;
  const random = Random.fromSeed(5);
  const output = new Uint8Array(source.length);
  const sourceValues = new Set(source);
  let rotated = 0;
  for (let trial = 0; trial < 20; trial++) {
    augmentImage(source, output, [side, side, 3], cifar100Augmentation, random);
    assert.ok(output.every((value) => value === 0 || sourceValues.has(value)));
    if (matchesSomeCropAndFlip(source, output) === null) rotated++;
  }
  assert.ok(rotated >= 15, `only ${rotated} of 20 images were rotated`);
});

test('a subset keeps the chosen examples whole and in order, and is seeded', () => {
  const dataset = imageDataset('cifar100', 10);
  const coarseLabels = Int32Array.from({ length: 10 }, (_, i) => 9 - i);
  const split = { ...dataset.train, coarseLabels };
  const subset = subsetSplit(split, 4, Random.fromSeed(2));
  assert.equal(subset.count, 4);
  assert.equal(subset.inputs.length, 4 * 3072);
  const size = 3072;
  const chosen: number[] = [];
  for (let row = 0; row < 4; row++) {
    const example = (subset.inputs[row * size]! - 1) % 251;
    chosen.push(example);
    assert.deepEqual(subset.inputs.subarray(row * size, (row + 1) * size),
      split.inputs.subarray(example * size, (example + 1) * size));
    assert.equal(subset.labels[row], split.labels[example]);
    assert.equal(subset.coarseLabels?.[row], 9 - example);
  }
  assert.deepEqual(chosen, [...chosen].sort((a, b) => a - b));
  assert.deepEqual(subsetSplit(split, 4, Random.fromSeed(2)).labels, subset.labels);
  assert.throws(() => subsetSplit(split, 11, Random.fromSeed(2)), UsageError);
  assert.throws(() => subsetSplit(split, 0, Random.fromSeed(2)), UsageError);
});
