import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

/** One line of `history.jsonl`: the figures of one finished epoch. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  trainLoss: number;
  /** Accuracy on the training labels as trained on (the noisy ones). */
  trainAccuracy: number;
  /** Mean cross-entropy on the clean test set after the epoch. */
  testLoss: number;
  /** Accuracy on the clean test set after the epoch. */
  testAccuracy: number;
  /** The learning rate the epoch trained with. */
  learningRate: number;
  /** Seconds of training (without evaluation). */
  seconds: number;
  /** Training throughput of the epoch. */
  imagesPerSecond: number;
}

export const historyFile = 'history.jsonl';

/** Rewrites `history.jsonl` from the records, atomically, so it always matches a checkpoint. */
export function writeHistory(folder: string, records: readonly EpochRecord[]): void {
  writeFileAtomic(join(folder, historyFile),
    records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}
