import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { maxPoolKernel, registerMaxPoolKernels } from '../../../src/backend/kernels/max-pool.js';
import { Random } from '../../../src/random/rng.js';
import { maxRelativeError, randomValues } from './compare.js';

before(async () => {
  registerMaxPoolKernels();
  await tf.setBackend('wasm');
});

type Shape4 = [number, number, number, number];

/** 2x2 max pooling of x and the gradient of sum(pool(x) * dy), by `pool`, on the active backend. */
function pooled(shape: Shape4, x: Float32Array, dy: Float32Array,
  pool: (x: tf.Tensor4D) => tf.Tensor) {
  return tf.tidy(() => {
    const input = tf.tensor4d(x, shape);
    const y = pool(input);
    const dx = tf.grad((value: tf.Tensor) =>
      tf.sum(tf.mul(pool(value as tf.Tensor4D), tf.tensor(dy, y.shape))))(input);
    return { y: y.dataSync().slice(), dx: dx.dataSync().slice(), shape: y.shape };
  });
}

const fusedPool = (x: tf.Tensor4D) =>
  (tf.engine().runKernel(maxPoolKernel, { x }, {}) as tf.Tensor[])[0]!;
const tfjsPool = (x: tf.Tensor4D) => tf.maxPool(x, 2, 2, 'valid');

const shapes: Shape4[] = [[2, 6, 6, 4], [3, 5, 7, 3], [4, 8, 8, 32], [1, 28, 28, 1], [2, 4, 6, 64]];

for (const shape of shapes) {
  test(`max pool 2x2 and its gradient on wasm and cpu match tfjs on cpu: ${shape}`, async () => {
    const random = Random.fromSeed(shape.reduce((a, b) => a * 11 + b, 5));
    const outSize = shape[0] * Math.floor(shape[1] / 2) * Math.floor(shape[2] / 2) * shape[3];
    const x = randomValues(shape, random);
    const dy = randomValues([outSize], random);
    await tf.setBackend('cpu');
    const expected = pooled(shape, x, dy, tfjsPool);
    const onCpu = pooled(shape, x, dy, fusedPool);
    await tf.setBackend('wasm');
    const onWasm = pooled(shape, x, dy, fusedPool);
    for (const [backend, actual] of [['cpu', onCpu], ['wasm', onWasm]] as const) {
      assert.deepEqual(actual.shape, expected.shape);
      assert.ok(maxRelativeError(actual.y, expected.y) <= 1e-4, `${backend} y`);
      assert.ok(maxRelativeError(actual.dx, expected.dx) <= 1e-4, `${backend} dx`);
    }
  });
}
