import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { RunError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { EpochRecord } from './history.js';

const checkpointFormat = 1;

/** Everything a run needs to continue after its last finished epoch. */
export interface CheckpointState {
  /** Finished epochs; the run continues with epoch `epochsDone + 1`. */
  epochsDone: number;
  /** State of the run's random source after the last finished epoch. */
  randomState: number[];
  history: EpochRecord[];
}

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface CheckpointIndex extends CheckpointState {
  format: number;
  tensors: TensorEntry[];
  dataBytes: number;
  dataSha256: string;
}

/**
 * The files of a checkpoint. `previousData` exists only while a save is under way: the
 * data of the checkpoint being replaced, kept until the new index is in place.
 */
export const checkpointFiles = {
  index: 'checkpoint.json', data: 'checkpoint.bin', previousData: '.checkpoint.previous.bin',
} as const;

/**
 * Writes the variables (weights, batch-norm statistics, optimiser buffers) to
 * `checkpoint.bin` and the rest of the state to `checkpoint.json`, each atomically. The
 * index records the data file's hash, so a data file from another save is never used;
 * the data it names stays on disk until the new index replaces it, so a save cut off
 * between the two files leaves the previous checkpoint whole.
 */
export function saveCheckpoint(folder: string, variables: Record<string, tf.Variable>,
  state: CheckpointState): void {
  const names = Object.keys(variables).sort();
  const totalLength = names.reduce((sum, name) => sum + variables[name]!.size, 0);
  const data = new Float32Array(totalLength);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const name of names) {
    const variable = variables[name]!;
    data.set(variable.dataSync() as Float32Array, offset);
    tensors.push({ name, shape: variable.shape, offset, length: variable.size });
    offset += variable.size;
  }
  const bytes = new Uint8Array(data.buffer);
  const index: CheckpointIndex = {
    format: checkpointFormat, ...state, tensors,
    dataBytes: bytes.length, dataSha256: sha256(bytes),
  };
  const dataPath = join(folder, checkpointFiles.data);
  const previousPath = join(folder, checkpointFiles.previousData);
  rmSync(previousPath, { force: true });
  if (existsSync(dataPath)) keepCopy(dataPath, previousPath);
  writeFileAtomic(dataPath, bytes);
  writeFileAtomic(join(folder, checkpointFiles.index), `${JSON.stringify(index)}\n`);
  rmSync(previousPath, { force: true });
}

/** A second name for a file (a copy where the file system has no hard links). */
function keepCopy(path: string, copyPath: string): void {
  try {
    linkSync(path, copyPath);
  } catch {
    copyFileSync(path, copyPath);
  }
}

/**
 * Reads a checkpoint and assigns its values to `variables`, returning the rest of its
 * state; null when the folder has no complete checkpoint. After a save cut off between
 * its two files, the index still names the previous data, which is then read.
 */
export function loadCheckpoint(folder: string, variables: Record<string, tf.Variable>):
  CheckpointState | null {
  const indexPath = join(folder, checkpointFiles.index);
  if (!existsSync(indexPath)) return null;

  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as CheckpointIndex;
  if (index.format !== checkpointFormat) {
    throw new RunError(`${indexPath}: checkpoint format ${index.format} is not supported`);
  }
  const bytes = [checkpointFiles.data, checkpointFiles.previousData]
    .map((file) => join(folder, file))
    .filter((path) => existsSync(path))
    .map((path) => new Uint8Array(readFileSync(path)))
    .find((candidate) => candidate.length === index.dataBytes
      && sha256(candidate) === index.dataSha256);
  if (bytes === undefined) return null;

  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const entries = new Map(index.tensors.map((entry) => [entry.name, entry]));
  for (const [name, variable] of Object.entries(variables)) {
    const entry = entries.get(name);
    if (entry === undefined || entry.shape.join() !== variable.shape.join()) {
      throw new RunError(`${indexPath}: has no variable ${name} of shape [${variable.shape}]; `
        + 'it belongs to a different model');
    }
    tf.tidy(() => variable.assign(tf.tensor(
      data.subarray(entry.offset, entry.offset + entry.length), variable.shape, 'float32')));
  }
  return { epochsDone: index.epochsDone, randomState: index.randomState, history: index.history };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
