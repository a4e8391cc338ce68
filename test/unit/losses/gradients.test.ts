import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { lossByName } from '../../../src/losses/index.js';
import { lossGradient, lossValue, randomLogits } from './helpers.js';

/** Central differences of the loss in the logits, step 5e-3 (float32 values). */
function finiteDifferences(
  value: (logits: number[][]) => number,
  logits: number[][],
): number[] {
  const step = 5e-3;
  return logits.flatMap((row, i) =>
    row.map((_, k) => {
      const moved = (delta: number) =>
        logits.map((r, j) => r.map((x, m) => (i === j && k === m ? x + delta : x)));
      return (value(moved(step)) - value(moved(-step))) / (2 * step);
    }),
  );
}

const cases: [string, Record<string, number | boolean>][] = [
  ['nce+rce', { alpha: 1, beta: 1 }],
  ['ngce+mae', { alpha: 2, beta: 0.5, q: 0.7 }],
  ['sce', {}],
  ['gce', { q: 0.3 }],
  ['agce', { a: 6, q: 1.5 }],
  ['aul', { a: 3, q: 0.1 }],
  ['ael', { a: 2.5 }],
  ['nnce', {}],
  ['nnfl', { gamma: 0.5, fullFocalGradient: true }],
  ['fl', { gamma: 2, fullFocalGradient: true }],
  ['nfl', { gamma: 0.5, fullFocalGradient: true }],
  ['anl-ce', { alpha: 5, beta: 5, lambda: 0.5 }],
  ['anl-fl', { alpha: 1, beta: 1, fullFocalGradient: true }],
  ['nce+agce', { alpha: 1, beta: 4, a: 6, q: 1.5 }],
  ['dmi', {}],
];

describe('gradients agree with central finite differences', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const logits = randomLogits(6, 4, 2, 5);
  const labels = [0, 1, 2, 3, 1, 2];

  for (const [name, options] of cases) {
    it(`${name} ${JSON.stringify(options)}`, () => {
      const loss = lossByName(name, { numClasses: 4, ...options });
      const analytic = lossGradient(loss, labels, logits);
      const numeric = finiteDifferences((x) => lossValue(loss, labels, x), logits);
      const largest = Math.max(...numeric.map(Math.abs));
      assert.ok(largest > 1e-4, 'the case must have a gradient to compare');
      const worst = Math.max(...analytic.map((g, i) => Math.abs(g - numeric[i]!)));
      assert.ok(worst <= 5e-3 * largest, `off by ${worst}, largest entry ${largest}`);
    });
  }

  it('the default focal gradient differs from the full one (the factor is held constant)', () => {
    const held = lossGradient(lossByName('fl', { numClasses: 4, gamma: 2 }), labels, logits);
    const full = lossGradient(
      lossByName('fl', { numClasses: 4, gamma: 2, fullFocalGradient: true }),
      labels,
      logits,
    );
    assert.ok(Math.max(...held.map((g, i) => Math.abs(g - full[i]!))) > 1e-3);
  });
});
