import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { anlCe, nceRce } from '../../../src/losses/index.js';
import { randomLogits } from './helpers.js';

// A tiny separable problem: 3 classes of 2-d points around three centres.
function toyData() {
  const centres = [[2, 0], [-1, 1.7], [-1, -1.7]];
  const noise = randomLogits(60, 2, 0.5, 21);
  const points = noise.map((offset, i) => offset.map((x, d) => x + centres[i % 3]![d]!));
  const labels = points.map((_, i) => i % 3);
  return { x: tf.tensor2d(points), labels };
}

function tinyModel(): tf.Sequential {
  const model = tf.sequential();
  const kernelInitializer = tf.initializers.glorotUniform({ seed: 1 });
  model.add(tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer }));
  return model;
}

describe('training a small tfjs model with the losses', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('model.compile({ loss: nceRce(...) }) lowers the loss with one-hot labels', async () => {
    const { x, labels } = toyData();
    const model = tinyModel();
    const loss = nceRce({ numClasses: 3, alpha: 1, beta: 1 });
    model.compile({ optimizer: tf.train.sgd(0.5), loss });
    const history = await model.fit(x, tf.oneHot(tf.tensor1d(labels, 'int32'), 3), {
      epochs: 15,
      batchSize: 20,
      verbose: 0,
    });
    const losses = history.history['loss'] as number[];
    assert.ok(losses.at(-1)! < 0.7 * losses[0]!, `losses ${losses[0]} -> ${losses.at(-1)}`);
  });

  it('a custom loop with integer labels and tf.variableGrads lowers the loss', () => {
    const { x, labels } = toyData();
    const y = tf.tensor1d(labels, 'int32');
    const model = tinyModel();
    const loss = anlCe({ numClasses: 3, alpha: 1, beta: 1, lambda: 0.1 });
    const optimizer = tf.train.sgd(0.5);
    const lossOnce = () => loss(y, model.apply(x) as tf.Tensor);
    const first = lossOnce().dataSync()[0]!;
    for (let step = 0; step < 40; step++) {
      const { value, grads } = tf.variableGrads(lossOnce);
      optimizer.applyGradients(grads);
      tf.dispose([value, ...Object.values(grads)]);
    }
    const last = lossOnce().dataSync()[0]!;
    assert.ok(last < 0.7 * first, `loss ${first} -> ${last}`);
  });
});
