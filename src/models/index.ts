import { UsageError } from '../errors.js';
import { Random } from '../random/rng.js';
import type { Classifier } from './classifier.js';
import { mlp } from './mlp.js';
import { resnet } from './resnet.js';
import { toyCnn } from './toy-cnn.js';

export type { Classifier } from './classifier.js';

export const modelNames = ['mnist-cnn', 'cifar10-cnn', 'resnet34', 'resnet50', 'mlp'] as const;
export type ModelName = (typeof modelNames)[number];

export interface ModelOptions {
  /** One example's shape: [height, width, channels] for images, [features] for the MLP. */
  inputShape: number[];
  numClasses: number;
  /** The MLP's hidden widths; default [256, 128]. Ignored by the other models. */
  hiddenSizes?: number[];
  /** Seed of the initial weights: the same seed gives the same weights. */
  seed: number;
}

/**
 * Builds one of the paper's models with the reference's initialisation:
 * - `mnist-cnn`: conv 32 + BN + ReLU + pool, conv 64 + BN + ReLU + pool, dense 128 + BN +
 *   ReLU, dense output;
 * - `cifar10-cnn`: three blocks of two (conv + BN + ReLU) of 64, 128, 196 channels, each
 *   ending in a 2x2 max pool, then dense 256 + BN + ReLU, dense output;
 * - `resnet34`: the CIFAR-style ResNet-34 the paper states for CIFAR-100;
 * - `resnet50`: the CIFAR-style bottleneck ResNet-50 of the reference's configs;
 * - `mlp`: dense + ReLU layers of `hiddenSizes`, for tabular data.
 */
export function buildModel(name: ModelName, options: ModelOptions): Classifier {
  checkOptions(name, options);
  const random = Random.fromSeed(options.seed);
  const { inputShape, numClasses } = options;
  switch (name) {
    case 'mnist-cnn':
      return toyCnn(name, { inputShape, numClasses, blocks: [[32], [64]], hidden: 128 }, random);
    case 'cifar10-cnn':
      return toyCnn(name,
        { inputShape, numClasses, blocks: [[64, 64], [128, 128], [196, 196]], hidden: 256 },
        random);
    case 'resnet34':
      return resnet(name, { inputShape, numClasses, kind: 'basic', blockCounts: [3, 4, 6, 3] },
        random);
    case 'resnet50':
      return resnet(name,
        { inputShape, numClasses, kind: 'bottleneck', blockCounts: [3, 4, 6, 3] }, random);
    case 'mlp':
      return mlp(name, { inputShape, numClasses, hiddenSizes: options.hiddenSizes ?? [256, 128] },
        random);
  }
}

function checkOptions(name: string, options: ModelOptions): void {
  if (!(modelNames as readonly string[]).includes(name)) {
    throw new UsageError(`model ${JSON.stringify(name)} is unknown; use one of ${
      modelNames.join(', ')}`);
  }
  const positiveIntegers = (values: number[]) => values.length > 0
    && values.every((value) => Number.isInteger(value) && value > 0);
  if (!positiveIntegers(options.inputShape)) {
    throw new UsageError(`model input shape [${options.inputShape}] must be positive integers`);
  }
  if (name !== 'mlp' && options.inputShape.length !== 3) {
    throw new UsageError(`model ${name} needs inputs [height, width, channels], got [${
      options.inputShape}]`);
  }
  if (!Number.isInteger(options.numClasses) || options.numClasses < 2) {
    throw new UsageError(`model class count must be an integer >= 2, got ${options.numClasses}`);
  }
  if (options.hiddenSizes && !positiveIntegers(options.hiddenSizes)) {
    throw new UsageError(`model hidden sizes [${options.hiddenSizes}] must be positive integers`);
  }
}
