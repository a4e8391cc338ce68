import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { checkReferenceCase, referenceCases } from './reference-cases.js';

describe('losses against the reference implementation (wasm backend)', () => {
  before(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
  });
  const judgedByFloat64: string[] = [];
  for (const reference of referenceCases()) {
    it(`${reference.loss} on ${reference.case}`, () => {
      if (checkReferenceCase(reference)) judgedByFloat64.push(reference.case);
    });
  }
  after(() => {
    const saturated = new Set(['confident_right_k10', 'confident_wrong_k10']);
    assert.ok(judgedByFloat64.every((name) => saturated.has(name)), judgedByFloat64.join());
  });
});
