import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  batchNormTrainingKernel, registerBatchNormKernels,
} from '../../../src/backend/kernels/batch-norm.js';
import { Random } from '../../../src/random/rng.js';
import { maxRelativeError, randomValues } from './compare.js';

const epsilon = 1e-5;

before(async () => {
  registerBatchNormKernels();
  await tf.setBackend('wasm');
});

interface Inputs {
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  bias: Float32Array;
  dy: Float32Array;
}

type OutputName = 'y' | 'mean' | 'variance' | 'dx' | 'dGamma' | 'dBeta' | 'dBias';
type Outputs = Record<OutputName, Float32Array>;

/** relu?(batchNorm(x + bias)) composed from tfjs ops, and the gradients of sum(y * dy). */
function composed(shape: number[], inputs: Inputs, relu: boolean): Outputs {
  return tf.tidy(() => {
    const channels = shape[shape.length - 1]!;
    const axes = shape.slice(0, -1).map((_, axis) => axis);
    const forward = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, bias: tf.Tensor) => {
      const z = tf.add(x, bias);
      const { mean, variance } = tf.moments(z, axes);
      const y = tf.batchNorm(z, mean, variance, beta as tf.Tensor1D, gamma as tf.Tensor1D,
        epsilon);
      return { y: relu ? tf.relu(y) : y, mean, variance };
    };
    const tensors = [tf.tensor(inputs.x, shape), tf.tensor(inputs.gamma, [channels]),
      tf.tensor(inputs.beta, [channels]), tf.tensor(inputs.bias, [channels])] as const;
    const { y, mean, variance } = forward(...tensors);
    const [dx, dGamma, dBeta, dBias] = tf.grads((x, gamma, beta, bias) =>
      tf.sum(tf.mul(forward(x!, gamma!, beta!, bias!).y, tf.tensor(inputs.dy, shape))))(
      [...tensors]);
    return read({ y, mean, variance, dx: dx!, dGamma: dGamma!, dBeta: dBeta!, dBias: dBias! });
  });
}

/** The same through the fused kernel on the active backend. */
function fused(shape: number[], inputs: Inputs, relu: boolean): Outputs {
  return tf.tidy(() => {
    const channels = shape[shape.length - 1]!;
    const run = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, bias: tf.Tensor) =>
      tf.engine().runKernel(batchNormTrainingKernel, { x, gamma, beta, bias },
        { epsilon, relu }) as tf.Tensor[];
    const tensors = [tf.tensor(inputs.x, shape), tf.tensor(inputs.gamma, [channels]),
      tf.tensor(inputs.beta, [channels]), tf.tensor(inputs.bias, [channels])] as const;
    const [y, mean, variance] = run(...tensors);
    const [dx, dGamma, dBeta, dBias] = tf.grads((x, gamma, beta, bias) =>
      tf.sum(tf.mul(run(x!, gamma!, beta!, bias!)[0]!, tf.tensor(inputs.dy, shape))))(
      [...tensors]);
    return read({ y: y!, mean: mean!, variance: variance!, dx: dx!, dGamma: dGamma!,
      dBeta: dBeta!, dBias: dBias! });
  });
}

function read(tensors: Record<keyof Outputs, tf.Tensor>): Outputs {
  return Object.fromEntries(Object.entries(tensors)
    .map(([name, tensor]) => [name, tensor.dataSync() as Float32Array])) as Outputs;
}

const shapes = [[4, 5, 5, 12], [16, 6], [8, 7, 7, 32], [64, 128], [3, 3, 3, 5]];

for (const shape of shapes) {
  for (const relu of [true, false]) {
    test(`fused batch norm${relu ? ' + relu' : ''} on wasm and cpu matches tfjs ops on cpu: ${
      shape}`, async () => {
      const random = Random.fromSeed(shape.reduce((a, b) => a * 7 + b, relu ? 1 : 2));
      const channels = shape[shape.length - 1]!;
      // An offset mean and a spread like real activations.
      const x = randomValues(shape, random).map((value, i) => 3 * value + 0.5 + (i % channels));
      const inputs: Inputs = {
        x,
        gamma: randomValues([channels], random).map((value) => 1 + 0.5 * value),
        beta: randomValues([channels], random),
        bias: randomValues([channels], random),
        dy: randomValues(shape, random),
      };
      await tf.setBackend('cpu');
      const expected = composed(shape, inputs, relu);
      const onCpu = fused(shape, inputs, relu);
      await tf.setBackend('wasm');
      const onWasm = fused(shape, inputs, relu);

      for (const [backend, actual] of [['cpu', onCpu], ['wasm', onWasm]] as const) {
        for (const name of ['y', 'mean', 'variance', 'dx', 'dGamma', 'dBeta'] as const) {
          const error = maxRelativeError(actual[name], expected[name]);
          assert.ok(error <= 1e-4, `${backend} ${name}: relative error ${error}`);
        }
        // The bias gradient is zero in exact arithmetic (normalisation removes the mean);
        // both sides must be zero up to rounding on the scale of dx.
        const rows = x.length / channels;
        const bound = 1e-4 * Math.sqrt(rows) * Math.max(...expected.dx.map(Math.abs));
        for (const value of [...actual.dBias, ...expected.dBias]) {
          assert.ok(Math.abs(value) <= bound, `${backend} dBias ${value} > ${bound}`);
        }
      }
    });
  }
}
