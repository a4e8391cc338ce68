import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { lossByName } from '../../../src/losses/index.js';
import { logitsOf, lossValue } from './helpers.js';

// Values worked out by hand (in float64) from the formulas of issue 8, for K = 3, label 0 and
// three predictions: p_y = 0.7, p_y = 1e-6 (near 0) and p_y = 1 - 1e-4 (near 1).
const predictions = {
  middle: [0.7, 0.2, 0.1],
  nearZero: [1e-6, 0.5, 0.5 - 1e-6],
  nearOne: [1 - 1e-4, 5e-5, 5e-5],
};

type Expected = Record<keyof typeof predictions, number>;

// The last entry, where given, is the float32 spacing of the terms the formula subtracts
// (7^1.5 = 18.5 for AGCE with a = 6), which bounds how well float32 can compute a small result.
const cases: [string, Record<string, number>, Expected, number?][] = [
  // ((a + 1)^q - (a + p_y)^q) / q with a = 1, q = 2: (4 - 1.7^2) / 2 = 0.555
  [
    'agce',
    { a: 1, q: 2 },
    { middle: 0.555, nearZero: 1.4999989999995, nearOne: 1.99995e-4 },
  ],
  [
    'agce',
    { a: 6, q: 1.5 },
    { middle: 0.7851594506814171, nearZero: 2.5488780310121997, nearOne: 2.6457418619448464e-4 },
    2 ** -19,
  ],
  // ((a - p_y)^q - (a - 1)^q) / q with a = 1.5, q = 0.9
  [
    'aul',
    { a: 1.5, q: 0.9 },
    { middle: 0.3135171275363465, nearZero: 1.0050101729801122, nearOne: 1.0717627455870805e-4 },
  ],
  // exp(-p_y / a) with a = 3
  [
    'ael',
    { a: 3 },
    { middle: 0.7918895663367816, nearZero: 0.9999996666667222, nearOne: 0.7165551953488858 },
  ],
  // 1 - (A + log p_y) / sum_k (A + log p_k), A = -log 1e-7
  [
    'nnce',
    {},
    { middle: 0.6424813399733553, nearZero: 0.9305456155724318, nearOne: 0.4353915984960952 },
  ],
  // 1 - (A - FL_y) / (K A - sum_k FL_k), gamma = 0.5, A = -(1 - 1e-7)^0.5 log 1e-7
  [
    'nnfl',
    { gamma: 0.5 },
    { middle: 0.6424667270903672, nearZero: 0.9313857959943828, nearOne: 0.43539986246032925 },
  ],
];

describe('hand-computed values of the asymmetric and negative losses', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, params, expected, spacing] of cases) {
    it(`${name} ${JSON.stringify(params)}`, () => {
      const loss = lossByName(name, { numClasses: 3, ...params });
      for (const [key, probs] of Object.entries(predictions)) {
        const want = expected[key as keyof Expected];
        const got = lossValue(loss, [0], [logitsOf(probs)]);
        // float32 holds p_y = 1 - 1e-4 only to about 6e-8: allow for that besides 1e-4 relative.
        const tolerance = 1e-4 * Math.abs(want) + 2e-7 + (spacing ?? 0);
        assert.ok(Math.abs(got - want) <= tolerance, `${key}: got ${got}, expected ${want}`);
      }
    });
  }

  it('the asymmetric losses decrease as p_y grows, and are 0 at p_y = 1 (AGCE, AUL)', () => {
    const steps = [0.01, 0.2, 0.4, 0.6, 0.8, 0.99];
    for (const [name, params] of [
      ['agce', { a: 6, q: 1.5 }],
      ['aul', { a: 3, q: 0.1 }],
      ['ael', { a: 2.5 }],
    ] as const) {
      const loss = lossByName(name, { numClasses: 3, ...params });
      const predict = (p: number) => [logitsOf([p, (1 - p) / 2, (1 - p) / 2])];
      const values = steps.map((p) => lossValue(loss, [0], predict(p)));
      for (let i = 1; i < values.length; i++) assert.ok(values[i]! < values[i - 1]!, name);
    }
    const certain = [[20, -20, -20]];
    assert.ok(Math.abs(lossValue(lossByName('agce', { numClasses: 3 }), [0], certain)) < 1e-6);
    assert.ok(Math.abs(lossValue(lossByName('aul', { numClasses: 3 }), [0], certain)) < 1e-6);
  });
});
