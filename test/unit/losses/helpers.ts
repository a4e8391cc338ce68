import * as tf from '@tensorflow/tfjs';
import type { LossFunction } from '../../../src/losses/index.js';

/** The loss's value for integer labels and logits given as plain arrays. */
export function lossValue(loss: LossFunction, labels: number[], logits: number[][]): number {
  return tf.tidy(() => loss(tf.tensor1d(labels, 'int32'), tf.tensor2d(logits)).dataSync()[0]!);
}

/** The loss's gradient with respect to the logits, as a flat array. */
export function lossGradient(loss: LossFunction, labels: number[], logits: number[][]): number[] {
  return tf.tidy(() => {
    const y = tf.tensor1d(labels, 'int32');
    return [...tf.grad((x: tf.Tensor) => loss(y, x))(tf.tensor2d(logits)).dataSync()];
  });
}

/** Logits whose softmax is the given probabilities (their logs). */
export function logitsOf(probs: number[]): number[] {
  return probs.map(Math.log);
}

/** A reproducible pseudo-random matrix in [-spread, spread]. */
export function randomLogits(rows: number, cols: number, spread: number, seed: number): number[][] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  };
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => spread * next()));
}
