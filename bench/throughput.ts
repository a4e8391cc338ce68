import * as tf from '@tensorflow/tfjs';
import { batchSize, benchModels, syntheticBatch, trainer, type BenchModel } from './workload.js';

export interface Throughput {
  trainImagesPerSecond: number;
  evalImagesPerSecond: number;
}

/**
 * Training and evaluation images per second of one model on the active backend, timed
 * over `steps` batches after `warmup` untimed ones.
 */
export function measureThroughput(modelName: BenchModel, warmup: number, steps: number):
  Throughput {
  const { model, step, dispose } = trainer(modelName);
  const { images, labels } = syntheticBatch(benchModels[modelName].inputShape, batchSize, 1);

  for (let i = 0; i < warmup; i++) step(images, labels);
  let start = performance.now();
  for (let i = 0; i < steps; i++) step(images, labels);
  const trainImagesPerSecond = batchSize * steps / ((performance.now() - start) / 1000);

  const evaluate = () => tf.tidy(() => model.apply(images, false).dataSync());
  for (let i = 0; i < warmup; i++) evaluate();
  start = performance.now();
  for (let i = 0; i < steps; i++) evaluate();
  const evalImagesPerSecond = batchSize * steps / ((performance.now() - start) / 1000);

  tf.dispose([images, labels]);
  dispose();
  return { trainImagesPerSecond, evalImagesPerSecond };
}
