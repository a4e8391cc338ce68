import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { batchInputs } from '../data/batch.js';
import type { Dataset, Split } from '../data/types.js';
import { RunError } from '../errors.js';
import type { LossFunction } from '../losses/types.js';
import type { Classifier } from '../models/index.js';
import type { Random } from '../random/rng.js';
import type { SgdOptimizer } from './sgd.js';
import { trainStep } from './step.js';

export interface EpochSettings {
  /** 1-based, for messages. */
  epoch: number;
  batchSize: number;
  augment: boolean;
  learningRate: number;
  gradBound: number | null;
}

export interface EpochHooks {
  /** Called after every step with its 1-based number, the step count and the batch loss. */
  onStep?: (step: number, steps: number, loss: number) => void;
  /** Checked before every step; true stops the epoch unfinished. */
  shouldStop?: () => boolean;
}

export interface EpochStats {
  /** Mean loss over the batches, weighted by batch size. */
  loss: number;
  accuracy: number;
  /** Training time of the epoch in seconds. */
  seconds: number;
  /** False when `shouldStop` ended the epoch early. */
  finished: boolean;
}

/**
 * Trains one epoch: shuffles the split with `random` (so every epoch sees a new order,
 * as the reference's shuffling loader does), then steps over batches of `batchSize`,
 * the last one smaller when the count does not divide. Between steps it lets the event
 * loop run, so signals and progress output are handled during the epoch. A loss that is
 * not finite stops the run with a `RunError` naming the epoch and step.
 */
export async function trainEpoch(
  model: Classifier, loss: LossFunction, optimizer: SgdOptimizer,
  data: { dataset: Dataset; split: Split }, random: Random, settings: EpochSettings,
  hooks: EpochHooks = {},
): Promise<EpochStats> {
  const { dataset, split } = data;
  const order = random.shuffle(Int32Array.from({ length: split.count }, (_, i) => i));
  const steps = Math.ceil(split.count / settings.batchSize);
  const started = performance.now();
  let lossSum = 0;
  let correct = 0;

  for (let step = 1; step <= steps; step++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (hooks.shouldStop?.()) {
      return { loss: Number.NaN, accuracy: Number.NaN, seconds: elapsed(started), finished: false };
    }
    const indices = order.subarray((step - 1) * settings.batchSize, step * settings.batchSize);
    const inputs = batchInputs(dataset, split, indices, { augment: settings.augment, random });
    const labels = tf.tensor1d(Int32Array.from(indices, (index) => split.labels[index]!), 'int32');
    const outcome = trainStep(model, loss, optimizer, inputs, labels, settings);
    inputs.dispose();
    labels.dispose();

    if (!Number.isFinite(outcome.loss)) {
      throw new RunError(`the training loss became ${outcome.loss} at epoch ${settings.epoch}, `
        + `step ${step} of ${steps}`);
    }
    lossSum += outcome.loss * indices.length;
    correct += outcome.correct;
    hooks.onStep?.(step, steps, outcome.loss);
  }
  return {
    loss: lossSum / split.count,
    accuracy: correct / split.count,
    seconds: elapsed(started),
    finished: true,
  };
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}
