// Checks this project's losses against the reference PyTorch values in
// test/fixtures/reference-losses.json (see the fixture's field list in its README).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { lossByName } from '../../../src/losses/index.js';
import { float64Loss } from './float64-oracle.js';

interface ReferenceCase {
  case: string;
  loss: string;
  params: Record<string, number>;
  numClasses: number;
  logits: number[][];
  labels: number[];
  value: number;
  gradLogits: number[][];
}

export function referenceCases(): ReferenceCase[] {
  const url = new URL('../../fixtures/reference-losses.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: ReferenceCase[] }).cases;
}

/**
 * Value within relative 1e-4 of the reference; gradient within 1e-4 of the case's largest
 * gradient entry. Where the reference itself is further than that from the float64 value
 * (float32 rounding of nearly saturated softmaxes), the loss must be at least as close to the
 * float64 value as the reference is, within a factor `FLOAT32_ROUNDING_ALLOWANCE` (wasm's
 * float32 exp and log round more than PyTorch's). Returns whether that fallback was needed.
 */
export function checkReferenceCase(reference: ReferenceCase): boolean {
  const name = reference.loss.split('@')[0]!;
  const loss = lossByName(name, { numClasses: reference.numClasses, ...reference.params });
  const labels = tf.tensor1d(reference.labels, 'int32');
  const logits = tf.tensor2d(reference.logits);
  const value = loss(labels, logits).dataSync()[0]!;
  const gradient = (tf.grad((x: tf.Tensor) => loss(labels, x))(logits).arraySync() as number[][])
    .flat();
  tf.dispose([labels, logits]);

  const exact = float64Loss(name, reference.logits, reference.labels, reference.params);
  const label = `${reference.loss} on ${reference.case}`;
  const valueTolerance = 1e-4 * Math.abs(reference.value);
  const expected = reference.gradLogits.flat();
  const gradientTolerance = 1e-4 * Math.max(...expected.map(Math.abs));
  const exactGradient = exact.gradient.flat();

  const valueFallback = checkClose(
    `${label} value`,
    [value],
    [reference.value],
    [exact.value],
    valueTolerance,
  );
  const gradientFallback = checkClose(
    `${label} gradient`,
    gradient,
    expected,
    exactGradient,
    gradientTolerance,
  );
  return valueFallback || gradientFallback;
}

const FLOAT32_ROUNDING_ALLOWANCE = 3;

const largestGap = (a: number[], b: number[]) =>
  Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

function checkClose(
  label: string,
  actual: number[],
  reference: number[],
  exact: number[],
  tolerance: number,
): boolean {
  const gap = largestGap(actual, reference);
  if (gap <= tolerance) return false;
  const referenceError = largestGap(reference, exact);
  assert.ok(
    referenceError > tolerance,
    `${label}: off the reference by ${gap} (tolerance ${tolerance}), though the reference is ` +
      `within ${referenceError} of float64`,
  );
  const error = largestGap(actual, exact);
  assert.ok(
    error <= referenceError * FLOAT32_ROUNDING_ALLOWANCE + 1e-12,
    `${label}: off float64 by ${error}, the reference by ${referenceError}`,
  );
  return true;
}
