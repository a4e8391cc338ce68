import type { Random } from '../../../src/random/rng.js';

/** Uniform values in [-1, 1) for a tensor of the given shape. */
export function randomValues(shape: number[], random: Random): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: size }, () => 2 * random.float() - 1);
}

/**
 * The largest elementwise |actual - expected| relative to the largest |expected| (so that
 * entries near zero are not judged by their own tiny magnitude).
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(scale, 1e-30));
  }
  return worst;
}
