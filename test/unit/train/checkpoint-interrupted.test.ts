import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { checkpointFiles, loadCheckpoint, saveCheckpoint } from '../../../src/train/checkpoint.js';

/** The run state of a checkpoint after `epochsDone` epochs. */
function stateAfter(epochsDone: number) {
  return { epochsDone, randomState: [epochsDone, 2, 3, 4], history: [] };
}

describe('a checkpoint save cut off between its two files', () => {
  const root = mkdtempSync(join(tmpdir(), 'apl-checkpoint-cut-'));
  before(async () => { await tf.setBackend('cpu'); });
  after(() => rmSync(root, { recursive: true, force: true }));

  const newFolder = (name: string) => mkdtempSync(join(root, `${name}-`));
  const weights = (value: number) => ({ w: tf.variable(tf.fill([3], value)) });

  it('leaves no extra file once a save is complete', () => {
    const folder = newFolder('complete');
    saveCheckpoint(folder, weights(1), stateAfter(1));
    saveCheckpoint(folder, weights(2), stateAfter(2));
    assert.deepEqual(readdirSync(folder).sort(), [checkpointFiles.data, checkpointFiles.index]);
  });

  it('restores the previous checkpoint when the new data file is in place but not its index',
    () => {
      // The folder as a save of epoch 2 leaves it when stopped after writing checkpoint.bin:
      // epoch 1's index, epoch 2's data, and epoch 1's data under its kept name.
      const first = newFolder('first');
      saveCheckpoint(first, weights(1), stateAfter(1));
      const second = newFolder('second');
      saveCheckpoint(second, weights(2), stateAfter(2));
      const cut = newFolder('cut');
      copyFileSync(join(first, checkpointFiles.index), join(cut, checkpointFiles.index));
      copyFileSync(join(first, checkpointFiles.data), join(cut, checkpointFiles.previousData));
      copyFileSync(join(second, checkpointFiles.data), join(cut, checkpointFiles.data));

      const restored = weights(0);
      assert.deepEqual(loadCheckpoint(cut, restored), stateAfter(1));
      assert.deepEqual(Array.from(restored.w.dataSync()), [1, 1, 1]);

      saveCheckpoint(cut, weights(3), stateAfter(3));
      assert.ok(!existsSync(join(cut, checkpointFiles.previousData)));
      assert.deepEqual(loadCheckpoint(cut, restored), stateAfter(3));
      assert.deepEqual(Array.from(restored.w.dataSync()), [3, 3, 3]);
    });
});
