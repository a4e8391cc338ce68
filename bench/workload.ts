import * as tf from '@tensorflow/tfjs';
import { lossByName } from '../src/losses/index.js';
import { buildModel, type Classifier } from '../src/models/index.js';
import { Random } from '../src/random/rng.js';
import { SgdOptimizer } from '../src/train/sgd.js';
import { trainStep } from '../src/train/step.js';

// What the bench measures, shared by the throughput and memory runs: the paper's MNIST and
// CIFAR-10 models trained as the reference trains them on MNIST (NCE+RCE alpha 1, beta 10;
// SGD momentum 0.9, Nesterov, weight decay 1e-2, lr 0.01, gradient norm bound 5), batch 128.

export const benchModels = {
  'mnist-cnn': { inputShape: [28, 28, 1] },
  'cifar10-cnn': { inputShape: [32, 32, 3] },
} as const;
export type BenchModel = keyof typeof benchModels;

export const batchSize = 128;
export const numClasses = 10;

/** A batch of uniform random images in [0, 1) and random labels, from a seed. */
export function syntheticBatch(inputShape: readonly number[], size: number, seed: number) {
  const random = Random.fromSeed(seed);
  const count = size * inputShape.reduce((a, b) => a * b, 1);
  const images = tf.tensor(Float32Array.from({ length: count }, () => random.float()),
    [size, ...inputShape]);
  const labels = tf.tensor1d(Int32Array.from({ length: size }, () => random.int(numClasses)),
    'int32');
  return { images, labels };
}

/** A model with its optimiser and loss, and a function that runs one training step. */
export function trainer(modelName: BenchModel) {
  const model: Classifier = buildModel(modelName,
    { inputShape: [...benchModels[modelName].inputShape], numClasses, seed: 1 });
  const optimizer = new SgdOptimizer(model.trainableVariables,
    { momentum: 0.9, nesterov: true, weightDecay: 1e-2 });
  const loss = lossByName('nce+rce', { numClasses, alpha: 1, beta: 10 });
  const step = (images: tf.Tensor, labels: tf.Tensor1D) => trainStep(model, loss, optimizer,
    images, labels, { learningRate: 0.01, gradBound: 5 });
  // The optimiser's buffers are variables with fixed names: dispose every variable so that
  // the next trainer in this process can create its own.
  return { model, step, dispose: () => tf.disposeVariables() };
}
