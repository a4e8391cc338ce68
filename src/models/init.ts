import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random/rng.js';

// The reference's initialisation, drawn from our seeded source so that a seed gives the
// same weights on every machine. Values are drawn in the order of the returned array.

function uniform(shape: number[], bound: number, random: Random): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * random.float() - 1) * bound;
  return tf.tensor(values, shape, 'float32');
}

/**
 * Kaiming-uniform weights for a ReLU layer, as PyTorch's `kaiming_uniform_(mode='fan_in',
 * nonlinearity='relu')`: U(-b, b) with b = sqrt(6 / fanIn).
 */
export function kaimingUniform(shape: number[], fanIn: number, random: Random): tf.Tensor {
  return uniform(shape, Math.sqrt(6 / fanIn), random);
}

/** Xavier-uniform weights, as PyTorch's `xavier_uniform_`: b = sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform(
  shape: number[], fanIn: number, fanOut: number, random: Random,
): tf.Tensor {
  return uniform(shape, Math.sqrt(6 / (fanIn + fanOut)), random);
}

/** PyTorch's default bias of convolutions and linear layers: U(-b, b), b = 1 / sqrt(fanIn). */
export function defaultBias(size: number, fanIn: number, random: Random): tf.Tensor {
  return uniform([size], 1 / Math.sqrt(fanIn), random);
}
