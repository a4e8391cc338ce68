import * as tf from '@tensorflow/tfjs';
import { buildLoss, type LossSpec, type ScaledLossOptions } from './define.js';
import { numberParam, scaleParam } from './params.js';
import type { LossFunction } from './types.js';

/** The reference's constant inside the log, -log(|det| + 0.001). */
const DETERMINANT_OFFSET = 1e-3;

interface Factorisation {
  /** log |det M|, or -Infinity when M is singular. */
  logAbsDeterminant: number;
  /** (M^-1)^T, row-major, when M is not singular. */
  inverseTransposed?: Float64Array;
}

/** LU factorisation with partial pivoting of a K x K row-major matrix, in float64. */
function factorise(values: ArrayLike<number>, size: number): Factorisation {
  const lu = Float64Array.from(values);
  const order = Array.from({ length: size }, (_, i) => i);
  const largest = lu.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  let logAbsDeterminant = 0;

  for (let col = 0; col < size; col++) {
    let pivotRow = col;
    for (let row = col + 1; row < size; row++) {
      if (Math.abs(lu[row * size + col]!) > Math.abs(lu[pivotRow * size + col]!)) pivotRow = row;
    }
    const pivot = lu[pivotRow * size + col]!;
    if (Math.abs(pivot) <= largest * 1e-12) return { logAbsDeterminant: -Infinity };
    if (pivotRow !== col) {
      swapRows(lu, size, pivotRow, col);
      [order[pivotRow], order[col]] = [order[col]!, order[pivotRow]!];
    }
    logAbsDeterminant += Math.log(Math.abs(pivot));
    for (let row = col + 1; row < size; row++) {
      const factor = lu[row * size + col]! / pivot;
      lu[row * size + col] = factor;
      for (let k = col + 1; k < size; k++) lu[row * size + k]! -= factor * lu[col * size + k]!;
    }
  }
  return { logAbsDeterminant, inverseTransposed: inverseTransposed(lu, order, size) };
}

function swapRows(matrix: Float64Array, size: number, a: number, b: number): void {
  for (let k = 0; k < size; k++) {
    const held = matrix[a * size + k]!;
    matrix[a * size + k] = matrix[b * size + k]!;
    matrix[b * size + k] = held;
  }
}

/** Solves LU x = P e_j for every unit vector; column j of M^-1 becomes row j of the result. */
function inverseTransposed(lu: Float64Array, order: number[], size: number): Float64Array {
  const result = new Float64Array(size * size);
  const column = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) column[i] = order[i] === j ? 1 : 0;
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < i; k++) column[i]! -= lu[i * size + k]! * column[k]!;
    }
    for (let i = size - 1; i >= 0; i--) {
      for (let k = i + 1; k < size; k++) column[i]! -= lu[i * size + k]! * column[k]!;
      column[i]! /= lu[i * size + i]!;
    }
    result.set(column, j * size);
  }
  return result;
}

/**
 * -log(|det M| + 0.001) of a square matrix, with the gradient
 * -(|det M| / (|det M| + 0.001)) (M^-1)^T. Both are computed in float64 from log |det M|, so
 * large determinants neither overflow nor lose the offset. A singular M gives -log(0.001)
 * and a zero gradient.
 */
const negativeLogDeterminant = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const matrix = args[0] as tf.Tensor;
  const size = matrix.shape[0]!;
  const { logAbsDeterminant, inverseTransposed } = factorise(matrix.dataSync(), size);
  const logOffset = Math.log(DETERMINANT_OFFSET);
  const high = Math.max(logAbsDeterminant, logOffset);
  const logSum =
    high + Math.log(Math.exp(logAbsDeterminant - high) + Math.exp(logOffset - high));
  const share = Math.exp(logAbsDeterminant - logSum);
  return {
    value: tf.scalar(-logSum),
    gradFunc: (dy: tf.Tensor) => {
      if (inverseTransposed === undefined) return tf.zerosLike(matrix);
      const values = Float32Array.from(inverseTransposed, (v) => -share * v);
      const gradient = tf.tensor2d(values, [size, size]);
      return tf.mul(dy, gradient);
    },
  };
});

/**
 * Determinant-based mutual information loss (Xu et al. 2019, "L_DMI") as the reference
 * computes it: -log(|det(Y^T P)| + 0.001) for the batch, where Y is the [N, K] label matrix
 * and P the [N, K] softmax, times `scale` (default 1). Y^T P holds counts (sums over the
 * batch), not frequencies, so the loss shifts by -K log N relative to the frequency form and
 * depends on the batch size.
 * Note: a batch with fewer than K items (or missing a class) has det 0: the loss is then
 * -log(0.001), about 6.91, with zero gradient. Works on log |det|, computed in float64 by LU
 * factorisation outside the tfjs graph (K x K is small), with a hand-written gradient.
 */
export const determinantMutualInformationSpec: LossSpec = {
  name: 'dmi',
  kind: 'active',
  robust: true,
  summary: '-log(|det(Y^T P)| + 0.001) over the batch (Y labels, P predictions, counts)',
  params: [scaleParam],
  combinable: false,
  build: (params) => {
    const scale = numberParam(params, 'scale');
    return ({ target, probs }) => {
      const joint = tf.matMul(target, probs, true, false);
      return tf.mul(negativeLogDeterminant(joint), scale) as tf.Scalar;
    };
  },
};

export function determinantMutualInformation(options: ScaledLossOptions): LossFunction {
  return buildLoss(determinantMutualInformationSpec, { ...options });
}
