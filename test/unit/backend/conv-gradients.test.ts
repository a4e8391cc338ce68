import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/backend/wasm/register.js';
import { Random } from '../../../src/random/rng.js';
import { maxRelativeError, randomValues } from './compare.js';

before(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

type Shape4 = [number, number, number, number];

interface ConvCase {
  x: Shape4;
  filter: Shape4;
  stride: number;
  pad: 'same' | 'valid' | [number, number];
}

const cases: ConvCase[] = [
  { x: [4, 8, 8, 3], filter: [3, 3, 3, 5], stride: 1, pad: 'same' },
  { x: [2, 7, 9, 4], filter: [3, 3, 4, 6], stride: 1, pad: 'valid' },
  { x: [3, 9, 9, 2], filter: [3, 3, 2, 4], stride: 2, pad: [1, 1] },
  { x: [2, 8, 8, 4], filter: [1, 1, 4, 8], stride: 2, pad: 'valid' },
  { x: [2, 10, 10, 3], filter: [5, 5, 3, 2], stride: 2, pad: 'same' },
  { x: [5, 6, 6, 1], filter: [3, 3, 1, 7], stride: 1, pad: [1, 1] },
  // 363 output pixels with 128 filters: two chunks of the filter gradient, the second of
  // 107 pixels, so both the 4x4 SIMD blocks and the rows left over are used.
  { x: [3, 11, 11, 8], filter: [3, 3, 8, 128], stride: 1, pad: 'same' },
];

function explicitPadding(pad: ConvCase['pad']): 'same' | 'valid' | tf.backend_util.ExplicitPadding {
  return Array.isArray(pad) ? [[0, 0], [pad[0], pad[0]], [pad[1], pad[1]], [0, 0]] : pad;
}

/** The gradients of sum(conv(x, w) * dy) with respect to x and w on one backend. */
async function gradients(
  backend: string, c: ConvCase, x: Float32Array, w: Float32Array, dy: Float32Array,
  outShape: number[],
) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const loss = (input: tf.Tensor, filter: tf.Tensor) => tf.sum(tf.mul(
      tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, c.stride, explicitPadding(c.pad)),
      tf.tensor(dy, outShape)));
    const [dx, dw] = tf.grads(loss)([tf.tensor(x, c.x), tf.tensor(w, c.filter)]);
    return { dx: dx!.dataSync().slice(), dw: dw!.dataSync().slice() };
  });
}

// With the SIMD kernels off, the filter gradient takes its transposed-convolution path.
for (const simd of [true, false]) {
  for (const c of cases) {
    test(`conv gradients on wasm (${simd ? 'SIMD kernels' : 'no SIMD kernels'}) match cpu: x ${
      c.x}, filter ${c.filter}, stride ${c.stride}, pad ${c.pad}`, async () => {
      const random = Random.fromSeed(c.x.reduce((a, b) => a * 31 + b, 7));
      await tf.setBackend('cpu');
      const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D,
        tf.zeros(c.filter) as tf.Tensor4D, c.stride, explicitPadding(c.pad)).shape);
      const x = randomValues(c.x, random);
      const w = randomValues(c.filter, random);
      const dy = randomValues(outShape, random);
      const expected = await gradients('cpu', c, x, w, dy, outShape);
      tf.env().set('WASM_HAS_SIMD_SUPPORT', simd);
      try {
        const actual = await gradients('wasm', c, x, w, dy, outShape);
        assert.ok(maxRelativeError(actual.dw, expected.dw) <= 1e-4, 'filter gradient');
        assert.ok(maxRelativeError(actual.dx, expected.dx) <= 1e-4, 'input gradient');
      } finally {
        tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
      }
    });
  }
}
