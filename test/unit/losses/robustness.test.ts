import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { listLosses, lossByName } from '../../../src/losses/index.js';
import { lossGradient, lossValue } from './helpers.js';

// Saturated logits: rows where p_y rounds to 1, where p_y rounds to 0, and a tie.
const saturated = [
  [1e4, -1e4, 0],
  [-1e4, 1e4, -1e4],
  [1e4, 1e4, -1e4],
  [-1e4, -1e4, 1e4],
];
const labels = [0, 0, 2, 1];

const variants: [string, Record<string, number | boolean>][] = [
  ...listLosses().map((info): [string, Record<string, number | boolean>] => [info.name, {}]),
  ['fl', { gamma: 0.5, fullFocalGradient: true }],
  ['nfl', { gamma: 0.5, fullFocalGradient: true }],
  ['nnfl', { gamma: 0.5, fullFocalGradient: true }],
  ['anl-fl', { gamma: 0.5, fullFocalGradient: true, lambda: 1 }],
  ['anl-ce', { lambda: 1 }],
  ['gce', { q: 1e-3 }],
  ['aul', { a: 1.01, q: 0.5 }],
];

const allFinite = (values: number[]) => values.every(Number.isFinite);

describe('no NaN or Inf for logits up to magnitude 1e4', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, options] of variants) {
    it(`${name} ${JSON.stringify(options)}: value and gradient are finite`, () => {
      const loss = lossByName(name, { numClasses: 3, ...options });
      assert.ok(Number.isFinite(lossValue(loss, labels, saturated)));
      assert.ok(allFinite(lossGradient(loss, labels, saturated)));
    });

    it(`${name} ${JSON.stringify(options)}: finite on probabilities of exactly 0 and 1`, () => {
      const loss = lossByName(name, { numClasses: 3, fromLogits: false, ...options });
      const probs = [[1, 0, 0], [0, 1, 0], [0.5, 0.5, 0], [0, 0, 1]];
      assert.ok(Number.isFinite(lossValue(loss, labels, probs)));
      assert.ok(allFinite(lossGradient(loss, labels, probs)));
    });
  }
});

describe('limits and edge cases', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const logits = [[1.5, -0.3, 0.2, 2.0], [0.1, 0.2, -1.0, 0.4]];
  const batchLabels = [3, 0];
  const value = (name: string, options: Record<string, number>) =>
    lossValue(lossByName(name, { numClasses: 4, ...options }), batchLabels, logits);

  it('GCE tends to CE and NGCE to NCE as q goes to 0', () => {
    for (const [limit, name] of [['ce', 'gce'], ['nce', 'ngce']] as const) {
      const target = value(limit, {});
      const close = value(name, { q: 1e-5 });
      const far = value(name, { q: 0.1 });
      assert.ok(Math.abs(close - target) < 1e-4 * target, `${name}: ${close} vs ${target}`);
      assert.ok(Math.abs(far - target) > 10 * Math.abs(close - target));
    }
  });

  it('GCE with q = 1 is MAE', () => {
    assert.ok(Math.abs(value('gce', { q: 1 }) - value('mae', {})) < 1e-6);
  });

  it('soft labels that are one-hot give the same loss as integer labels', () => {
    for (const info of listLosses().filter((entry) => entry.name !== 'nlnl')) {
      const loss = lossByName(info.name, { numClasses: 4 });
      const x = tf.tensor2d(logits);
      const fromIndices = loss(tf.tensor1d(batchLabels, 'int32'), x).dataSync()[0]!;
      const fromOneHot = loss(tf.oneHot(tf.tensor1d(batchLabels, 'int32'), 4), x).dataSync()[0]!;
      const fromFloats = loss(tf.tensor1d(batchLabels, 'float32'), x).dataSync()[0]!;
      assert.ok(Math.abs(fromIndices - fromOneHot) <= 1e-6 * Math.abs(fromIndices), info.name);
      assert.equal(fromFloats, fromIndices, info.name);
    }
  });

  it('a soft label mixes the per-class losses of CE linearly', () => {
    const loss = lossByName('ce', { numClasses: 4 });
    const x = tf.tensor2d([logits[0]!]);
    const mixed = loss(tf.tensor2d([[0.25, 0, 0, 0.75]]), x).dataSync()[0]!;
    const pure = (k: number) => loss(tf.tensor1d([k], 'int32'), x).dataSync()[0]!;
    assert.ok(Math.abs(mixed - (0.25 * pure(0) + 0.75 * pure(3))) < 1e-5);
  });
});
