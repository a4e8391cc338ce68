import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { lossByName } from '../../../src/losses/index.js';
import { lossValue, randomLogits } from './helpers.js';

/** Sum over all K labels of the loss of one prediction. */
function sumOverLabels(name: string, logits: number[], options: Record<string, number> = {}) {
  const numClasses = logits.length;
  const loss = lossByName(name, { numClasses, ...options });
  const labels = Array.from({ length: numClasses }, (_, k) => k);
  return numClasses * lossValue(loss, labels, labels.map(() => logits));
}

describe('normalisation and symmetry properties', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const predictions = randomLogits(3, 7, 3, 11);

  for (const [name, options] of [
    ['nce', {}],
    ['nfl', { gamma: 0.5 }],
    ['nfl', { gamma: 2 }],
    ['ngce', { q: 0.7 }],
    ['ngce', { q: 0.1 }],
    ['nmae', {}],
    ['nrce', {}],
  ] as const) {
    it(`${name} ${JSON.stringify(options)} sums to 1 over the labels`, () => {
      for (const logits of predictions) {
        assert.ok(Math.abs(sumOverLabels(name, logits, options) - 1) < 1e-5);
      }
    });
  }

  for (const name of ['nnce', 'nnfl']) {
    it(`${name} sums to K - 1 over the labels`, () => {
      for (const logits of predictions) {
        assert.ok(Math.abs(sumOverLabels(name, logits) - 6) < 1e-4);
      }
    });
  }

  it('MAE is symmetric: its sum over the labels is K - 1 for every prediction', () => {
    for (const logits of predictions) {
      assert.ok(Math.abs(sumOverLabels('mae', logits) - 6) < 1e-5);
    }
  });

  it('RCE is symmetric: its sum over the labels is -A (K - 1) for every prediction', () => {
    for (const logZero of [Math.log(1e-4), -4]) {
      const sums = predictions.map((logits) => sumOverLabels('rce', logits, { logZero }));
      for (const sum of sums) assert.ok(Math.abs(sum - -logZero * 6) < 1e-4 * -logZero * 6);
    }
  });

  it('CE is not symmetric: its sum over the labels changes with the prediction', () => {
    const sums = predictions.map((logits) => sumOverLabels('ce', logits));
    assert.ok(Math.abs(sums[0]! - sums[1]!) > 0.1);
  });
});
