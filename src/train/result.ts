import type { TrainConfig } from '../config/schema.js';
import type { LossConfig } from '../losses/types.js';
import type { EpochRecord } from './history.js';
import type { Evaluation } from './evaluate.js';
import type { Versions } from './versions.js';

/** The content of `result.json`: the outcome of a finished run and what it ran with. */
export interface TrainResult {
  status: 'finished';
  dataset: string;
  model: string;
  loss: LossConfig;
  noise: { type: string; rate: number; actualRate: number };
  seed: number;
  epochs: number;
  /** Training examples used when the run trained on a subset, else null. */
  subset: number | null;
  /** Test examples used when the run evaluated on a subset, else null. */
  testSubset: number | null;
  /** Clean test accuracy after the last epoch: the figure the paper reports. */
  finalTestAccuracy: number;
  bestTestAccuracy: number;
  bestEpoch: number;
  /** Clean test accuracy of each class after the last epoch (null for a class with no examples). */
  perClassTestAccuracy: (number | null)[];
  /** Test counts after the last epoch: row = true class, column = predicted class. */
  confusionMatrix: number[][];
  /** Training seconds summed over the epochs. */
  seconds: number;
  backend: string;
  versions: Versions;
  config: TrainConfig;
}

export interface ResultInputs {
  config: TrainConfig;
  lossConfig: LossConfig;
  noise: { type: string; rate: number; actualRate: number };
  history: readonly EpochRecord[];
  finalEvaluation: Evaluation;
  backend: string;
  versions: Versions;
}

/** Assembles `result.json` from a finished run's history and last evaluation. */
export function buildResult(inputs: ResultInputs): TrainResult {
  const { config, history, finalEvaluation } = inputs;
  const best = history.reduce((top, record) =>
    record.testAccuracy > top.testAccuracy ? record : top, history[0]!);
  return {
    status: 'finished',
    dataset: config.dataset.name,
    model: config.model.name,
    loss: inputs.lossConfig,
    noise: inputs.noise,
    seed: config.seed,
    epochs: history.length,
    subset: config.dataset.subset,
    testSubset: config.dataset.testSubset,
    finalTestAccuracy: history[history.length - 1]!.testAccuracy,
    bestTestAccuracy: best.testAccuracy,
    bestEpoch: best.epoch,
    perClassTestAccuracy: finalEvaluation.perClassAccuracy.map((value) =>
      Number.isNaN(value) ? null : value),
    confusionMatrix: finalEvaluation.confusionMatrix,
    seconds: history.reduce((sum, record) => sum + record.seconds, 0),
    backend: inputs.backend,
    versions: inputs.versions,
    config,
  };
}
