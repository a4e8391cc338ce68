import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../../src/data/types.js';
import { RunError } from '../../../src/errors.js';
import { lossByName } from '../../../src/losses/registry.js';
import type { LossFunction } from '../../../src/losses/types.js';
import type { Classifier } from '../../../src/models/index.js';
import { Random } from '../../../src/random/rng.js';
import { trainEpoch } from '../../../src/train/epoch.js';
import { SgdOptimizer } from '../../../src/train/sgd.js';

// Ten examples whose single feature is their index, so the batches a model sees tell which
// examples were drawn.
const count = 10;
const dataset: Dataset = {
  name: 'csv', inputShape: [1], numClasses: 2, classNames: ['a', 'b'],
  train: { inputs: Float32Array.from({ length: count }, (_, i) => i),
    labels: Int32Array.from({ length: count }, (_, i) => i % 2), count },
  test: { inputs: new Float32Array(1), labels: new Int32Array(1), count: 1 },
  normalization: { mean: [0], std: [1] },
};

/** A model with one bias per class that records the examples of every batch. */
function recordingModel(batches: number[][]): Classifier {
  const bias = tf.variable(tf.zeros([2]));
  return {
    name: 'recording', trainableVariables: [bias], stateVariables: [],
    namedVariables: () => ({ bias }),
    apply: (inputs) => {
      batches.push(Array.from(inputs.dataSync()));
      return tf.add(tf.mul(inputs, 0), bias) as tf.Tensor2D;
    },
    dispose: () => bias.dispose(),
  };
}

async function epochBatches(random: Random,
  loss: LossFunction = lossByName('ce', { numClasses: 2 }), hooks = {}):
  Promise<{ batches: number[][]; finished: boolean }> {
  const batches: number[][] = [];
  const model = recordingModel(batches);
  const optimizer = new SgdOptimizer(model.trainableVariables,
    { momentum: 0.9, nesterov: false, weightDecay: 0 });
  const stats = await trainEpoch(model, loss, optimizer, { dataset, split: dataset.train }, random,
    { epoch: 4, batchSize: 4, augment: false, learningRate: 0.1, gradBound: 5 }, hooks);
  optimizer.dispose();
  model.dispose();
  return { batches, finished: stats.finished };
}

describe('trainEpoch', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('visits every example once, in batches with a smaller last one', async () => {
    const { batches } = await epochBatches(Random.fromSeed(1));
    assert.deepEqual(batches.map((batch) => batch.length), [4, 4, 2]);
    assert.deepEqual(batches.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('shuffles anew each epoch and repeats the order for the same random state', async () => {
    const random = Random.fromSeed(7);
    const first = (await epochBatches(random)).batches.flat();
    const second = (await epochBatches(random)).batches.flat();
    assert.notDeepEqual(second, first);
    assert.deepEqual((await epochBatches(Random.fromSeed(7))).batches.flat(), first);
  });

  it('stops unfinished when asked between steps', async () => {
    let steps = 0;
    const outcome = await epochBatches(Random.fromSeed(1), undefined,
      { onStep: () => { steps += 1; }, shouldStop: () => steps === 2 });
    assert.equal(outcome.finished, false);
    assert.equal(outcome.batches.length, 2);
  });

  it('stops with a RunError naming the epoch and step when the loss is not finite', async () => {
    const crossEntropy = lossByName('ce', { numClasses: 2 });
    let calls = 0;
    const turnsNaN = Object.assign((yTrue: tf.Tensor, yPred: tf.Tensor) => {
      calls += 1;
      const value = crossEntropy(yTrue, yPred);
      return calls === 2 ? tf.mul(value, Number.NaN) as tf.Scalar : value;
    }, { lossName: 'nan-on-second-call', config: crossEntropy.config });
    await assert.rejects(epochBatches(Random.fromSeed(1), turnsNaN), (error: unknown) =>
      error instanceof RunError && error.message === 'the training loss became NaN at epoch 4, '
        + 'step 2 of 3');
  });
});
