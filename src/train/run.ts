import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { stringify as toYaml, parse as parseYaml } from 'yaml';
import { initBackend, type BackendInfo } from '../backend/index.js';
import type { TrainConfig } from '../config/schema.js';
import { validateTrainConfig } from '../config/validate.js';
import { loadDataset } from '../data/load.js';
import { subsetSplit } from '../data/batch.js';
import type { Dataset } from '../data/types.js';
import { RunError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { lossByName } from '../losses/registry.js';
import type { LossFunction } from '../losses/types.js';
import { buildModel, type Classifier } from '../models/index.js';
import { applyNoise, loadNoisyLabels, parseNoiseSpec, saveNoisyLabels } from '../noise/index.js';
import type { NoiseReport } from '../noise/index.js';
import { Random } from '../random/rng.js';
import { checkpointFiles, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { trainEpoch } from './epoch.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { historyFile, writeHistory, type EpochRecord } from './history.js';
import { buildResult, type TrainResult } from './result.js';
import { learningRateAt } from './schedule.js';
import { SgdOptimizer } from './sgd.js';
import { versions } from './versions.js';

/** The files of a run folder (see docs/training.md). */
export const runFiles = {
  config: 'config.yaml',
  noise: 'noise.json',
  noisyLabels: 'noisy-labels.json',
  history: historyFile,
  result: 'result.json',
  ...checkpointFiles,
} as const;

export interface TrainOptions {
  config: TrainConfig;
  /** Run folder for the config, noise, history, checkpoints and result; none: write nothing. */
  outDir?: string;
  /** Continue from the run folder's checkpoint (a fresh start when it has none). */
  resume?: boolean;
  onEvent?: (event: TrainEvent) => void;
  /** When aborted, the run stops before its next step and keeps its last checkpoint. */
  signal?: AbortSignal;
}

export type TrainEvent =
  | { type: 'setup'; backend: BackendInfo; noise: NoiseReport; classNames: string[];
    trainCount: number; testCount: number; resumedEpochs: number }
  | { type: 'epoch-start'; epoch: number; epochs: number; steps: number; learningRate: number }
  | { type: 'step'; epoch: number; step: number; steps: number; loss: number }
  | { type: 'epoch-end'; record: EpochRecord; epochs: number };

export type TrainOutcome =
  | { status: 'finished'; result: TrainResult; history: EpochRecord[] }
  | { status: 'interrupted'; epochsDone: number; history: EpochRecord[] };

/** The data of a run: the dataset (or its subsets) and the training labels it learns from. */
interface RunData {
  dataset: Dataset;
  trainLabels: Int32Array;
  noise: NoiseReport;
}

/**
 * Trains a model as the paper's protocol does: SGD with momentum (and Nesterov when set),
 * weight decay, global-norm gradient clipping, a cosine learning rate stepped per epoch,
 * a new shuffle every epoch, and evaluation on the clean test set after every epoch.
 * With `outDir`, it keeps the run folder up to date after every epoch and writes
 * `result.json` when it finishes; with `resume`, it continues from the folder's checkpoint
 * and ends with the history an uninterrupted run with the same config would have.
 * Bad input is a `UsageError` before any training; a loss that turns NaN is a `RunError`.
 */
export async function trainClassifier(options: TrainOptions): Promise<TrainOutcome> {
  const { config, outDir } = options;
  const resume = options.resume === true && outDir !== undefined;
  const continuing = outDir !== undefined && checkRunFolder(outDir, config, resume);

  const backend = await initBackend(config.backend);
  const root = Random.fromSeed(config.seed);
  const streams = {
    trainSubset: root.fork(), testSubset: root.fork(), model: root.fork(), run: root.fork(),
  };
  const data = await loadRunData(config, streams, continuing ? outDir : undefined);
  const buildLoss = lossBuilder(config, data);
  const model = buildModel(config.model.name, {
    inputShape: data.dataset.inputShape, numClasses: data.dataset.numClasses,
    hiddenSizes: config.model.hiddenSizes, seed: streams.model.int(2 ** 31 - 1),
  });
  const optimizer = new SgdOptimizer(model.trainableVariables, config.optimizer);
  if (outDir !== undefined) clearEarlierRun(outDir, continuing);

  try {
    return await runEpochs({ ...options, resume }, { data, model, optimizer, buildLoss,
      backend, runRandom: streams.run });
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

interface RunParts {
  data: RunData;
  model: Classifier;
  optimizer: SgdOptimizer;
  buildLoss: (seed: number) => LossFunction;
  backend: BackendInfo;
  runRandom: Random;
}

async function runEpochs(options: TrainOptions & { resume: boolean }, parts: RunParts):
  Promise<TrainOutcome> {
  const { config, outDir, onEvent } = options;
  const { data, model, optimizer } = parts;
  const variables = { ...model.namedVariables(), ...optimizer.namedState() };
  const saved = options.resume && outDir !== undefined ? loadCheckpoint(outDir, variables) : null;
  const history = saved?.history ?? [];
  const runRandom = saved ? Random.fromState(saved.randomState) : parts.runRandom;
  if (outDir !== undefined && saved === null) writeRunInputs(outDir, config, data);

  onEvent?.({ type: 'setup', backend: parts.backend, noise: data.noise,
    classNames: data.dataset.classNames, trainCount: data.dataset.train.count,
    testCount: data.dataset.test.count, resumedEpochs: history.length });

  let lastEvaluation: Evaluation | undefined;
  for (let index = history.length; index < config.training.epochs; index++) {
    const finished = await runEpoch(index, runRandom.fork(), options, parts);
    if (finished === null) return { status: 'interrupted', epochsDone: history.length, history };
    history.push(finished.record);
    lastEvaluation = finished.evaluation;
    if (outDir !== undefined) {
      saveCheckpoint(outDir, variables,
        { epochsDone: finished.record.epoch, randomState: runRandom.state(), history });
      writeHistory(outDir, history);
    }
    onEvent?.({ type: 'epoch-end', record: finished.record, epochs: config.training.epochs });
  }

  const finalEvaluation = lastEvaluation
    ?? evaluate(model, data.dataset, data.dataset.test, config.training.evalBatchSize);
  const { type, requestedRate, actualRate } = data.noise;
  const result = buildResult({
    config, lossConfig: parts.buildLoss(0).config, history, finalEvaluation,
    noise: { type, rate: requestedRate, actualRate },
    backend: parts.backend.name, versions: versions(),
  });
  if (outDir !== undefined) {
    writeFileAtomic(join(outDir, runFiles.result), `${JSON.stringify(result, null, 2)}\n`);
  }
  return { status: 'finished', result, history };
}

/**
 * Trains epoch `index + 1` with its own random stream (shuffle, augmentation, loss seed)
 * and evaluates it; null when the run was interrupted during the epoch.
 */
async function runEpoch(index: number, random: Random, options: TrainOptions, parts: RunParts):
  Promise<{ record: EpochRecord; evaluation: Evaluation } | null> {
  const { config, outDir, onEvent } = options;
  const { data, model, optimizer } = parts;
  const { epochs, batchSize, evalBatchSize, gradBound } = config.training;
  const epoch = index + 1;
  const learningRate = learningRateAt(index, { type: config.schedule.type,
    initial: config.optimizer.lr, minimum: config.schedule.etaMin, totalEpochs: epochs });
  const split = { ...data.dataset.train, labels: data.trainLabels };
  onEvent?.({ type: 'epoch-start', epoch, epochs, steps: Math.ceil(split.count / batchSize),
    learningRate });

  const loss = parts.buildLoss(random.int(2 ** 31 - 1));
  const settings = { epoch, batchSize, augment: config.dataset.augment, learningRate, gradBound };
  const hooks = {
    onStep: (step: number, steps: number, value: number) =>
      onEvent?.({ type: 'step', epoch, step, steps, loss: value }),
    shouldStop: () => options.signal?.aborted === true,
  };
  const stats = await withCheckpointNote(outDir, epoch, () => trainEpoch(model, loss, optimizer,
    { dataset: data.dataset, split }, random, settings, hooks));
  if (!stats.finished) return null;

  const evaluation = evaluate(model, data.dataset, data.dataset.test, evalBatchSize);
  const record: EpochRecord = {
    epoch, trainLoss: stats.loss, trainAccuracy: stats.accuracy,
    testLoss: evaluation.loss, testAccuracy: evaluation.accuracy, learningRate,
    seconds: stats.seconds, imagesPerSecond: split.count / stats.seconds,
  };
  return { record, evaluation };
}

/** Runs an epoch; a NaN loss's `RunError` gains where the last good checkpoint is. */
async function withCheckpointNote<T>(outDir: string | undefined, epoch: number,
  run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RunError && outDir !== undefined) {
      const kept = epoch > 1 ? `the checkpoint of epoch ${epoch - 1} is kept in ${outDir}`
        : 'no epoch had finished, so there is no checkpoint';
      throw new RunError(`${error.message}; ${kept}`);
    }
    throw error;
  }
}

/**
 * Makes sure the run folder can be written and, when the run continues from the folder's
 * checkpoint (the returned value), that the folder's config is the same (the backend may
 * differ). Nothing is removed here, so that bad input leaves an earlier run untouched.
 */
function checkRunFolder(outDir: string, config: TrainConfig, resume: boolean): boolean {
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileAtomic(join(outDir, '.write-check'), '');
    rmSync(join(outDir, '.write-check'));
  } catch (error) {
    throw new UsageError(`output folder ${outDir} cannot be written: ${
      (error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }

  const savedConfigPath = join(outDir, runFiles.config);
  if (!resume || !existsSync(savedConfigPath) || !existsSync(join(outDir, runFiles.index))) {
    return false;
  }
  const saved = validateTrainConfig(parseYaml(readFileSync(savedConfigPath, 'utf8')),
    savedConfigPath);
  const difference = firstDifference({ ...saved, backend: null }, { ...config, backend: null });
  if (difference !== null) {
    throw new UsageError(`--resume: ${difference} differs from the run in ${outDir}; `
      + 'resume with the same config, or start a new run');
  }
  return true;
}

/**
 * Once the run's input has been checked, removes what could be mistaken for this run's
 * outcome: the old result, and unless the run continues from its checkpoint (a fresh
 * start, also a resume without a checkpoint) every file of an earlier run.
 */
function clearEarlierRun(outDir: string, continuing: boolean): void {
  rmSync(join(outDir, runFiles.result), { force: true });
  if (continuing) return;
  for (const file of [runFiles.index, runFiles.data, runFiles.previousData, runFiles.history,
    runFiles.noise, runFiles.noisyLabels, runFiles.config]) {
    rmSync(join(outDir, file), { force: true });
  }
}

function writeRunInputs(outDir: string, config: TrainConfig, data: RunData): void {
  writeFileAtomic(join(outDir, runFiles.config), toYaml(config));
  writeFileAtomic(join(outDir, runFiles.noise), `${JSON.stringify(data.noise, null, 2)}\n`);
  saveNoisyLabels(join(outDir, runFiles.noisyLabels), data.trainLabels, data.noise);
}

/**
 * Loads the dataset, takes the seeded subsets the config asks for, and corrupts the
 * training labels; a resumed run reads back the labels it trained on.
 */
async function loadRunData(config: TrainConfig, streams: { trainSubset: Random;
  testSubset: Random }, resumeFrom: string | undefined): Promise<RunData> {
  const spec = parseNoiseSpec({ ...config.noise, rate: config.noise.rate,
    noise: config.noise.type, matrix: config.noise.matrix && JSON.stringify(config.noise.matrix) });
  const { name, dataDir, csv, subset, testSubset } = config.dataset;
  const full = await loadDataset(name, { dataDir, csv });
  const dataset: Dataset = {
    ...full,
    train: subset === null ? full.train : subsetSplit(full.train, subset, streams.trainSubset),
    test: testSubset === null ? full.test : subsetSplit(full.test, testSubset, streams.testSubset),
  };

  const labelsPath = resumeFrom && join(resumeFrom, runFiles.noisyLabels);
  const noisePath = resumeFrom && join(resumeFrom, runFiles.noise);
  if (labelsPath && noisePath && existsSync(labelsPath) && existsSync(noisePath)) {
    const trainLabels = loadNoisyLabels(labelsPath, dataset.numClasses, dataset.train.count);
    const noise = JSON.parse(readFileSync(noisePath, 'utf8')) as NoiseReport;
    return { dataset, trainLabels, noise };
  }
  const { labels, report } = applyNoise(dataset, spec, config.seed);
  return { dataset, trainLabels: labels, noise: report };
}

/**
 * Checks the loss once (an unknown name or a bad parameter is a `UsageError` before any
 * training) and returns a builder; each epoch builds its loss with a seed of its own, so
 * a loss that draws random numbers (NLNL) continues identically after a resume.
 */
function lossBuilder(config: TrainConfig, data: RunData): (seed: number) => LossFunction {
  const labelCounts = new Array<number>(data.dataset.numClasses).fill(0);
  data.trainLabels.forEach((label) => { labelCounts[label]! += 1; });
  const build = (seed: number) => lossByName(config.loss.name, {
    ...config.loss.params, numClasses: data.dataset.numClasses, labelCounts, seed,
  });
  try {
    tf.tidy(() => { build(0); });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`loss ${config.loss.name}: ${(error as Error).message}`);
  }
  return build;
}

/** The first key path where two values differ (as `training.epochs: 3 vs 5`), or null. */
function firstDifference(saved: unknown, current: unknown, path = ''): string | null {
  if (isRecord(saved) && isRecord(current)) {
    for (const key of new Set([...Object.keys(saved), ...Object.keys(current)])) {
      const found = firstDifference(saved[key], current[key], path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
    return null;
  }
  if (JSON.stringify(saved) === JSON.stringify(current)) return null;
  return `${path} (${JSON.stringify(current)}; the run has ${JSON.stringify(saved)})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
