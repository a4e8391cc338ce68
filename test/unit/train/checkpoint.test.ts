import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { RunError } from '../../../src/errors.js';
import { loadCheckpoint, saveCheckpoint } from '../../../src/train/checkpoint.js';

describe('checkpoints', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apl-checkpoint-'));
  before(async () => { await tf.setBackend('cpu'); });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const state = {
    epochsDone: 2, randomState: [1, -2, 3, 4],
    history: [{ epoch: 1, trainLoss: 1, trainAccuracy: 0.5, testLoss: 0.9, testAccuracy: 0.6,
      learningRate: 0.01, seconds: 3, imagesPerSecond: 100 }],
  };

  it('restores every variable and the run state', () => {
    const saved = { 'a.weight': tf.variable(tf.tensor2d([[1.5, -2], [3, 4.25]])),
      'b.bias': tf.variable(tf.tensor1d([0.125, 7, -9])) };
    saveCheckpoint(folder, saved, state);

    const restored = {
      'a.weight': tf.variable(tf.zeros([2, 2])), 'b.bias': tf.variable(tf.zeros([3])),
    };
    assert.deepEqual(loadCheckpoint(folder, restored), state);
    assert.deepEqual(Array.from(restored['a.weight'].dataSync()), [1.5, -2, 3, 4.25]);
    assert.deepEqual(Array.from(restored['b.bias'].dataSync()), [0.125, 7, -9]);
  });

  it('is null when there is none or its data file is from another save', () => {
    const empty = mkdtempSync(join(tmpdir(), 'apl-checkpoint-'));
    assert.equal(loadCheckpoint(empty, {}), null);
    rmSync(empty, { recursive: true });

    const bytes = readFileSync(join(folder, 'checkpoint.bin'));
    bytes[0] = bytes[0]! ^ 0xff;
    writeFileSync(join(folder, 'checkpoint.bin'), bytes);
    assert.equal(loadCheckpoint(folder, { 'b.bias': tf.variable(tf.zeros([3])) }), null);
  });

  it('refuses a checkpoint of another model', () => {
    saveCheckpoint(folder, { 'a.weight': tf.variable(tf.zeros([2, 2])) }, state);
    assert.throws(() => loadCheckpoint(folder, { 'a.weight': tf.variable(tf.zeros([3, 2])) }),
      (error: unknown) => error instanceof RunError
        && /a\.weight of shape \[3,2\]/.test(error.message));
  });
});
