import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { resolveTrainConfig, type ConfigLayer, type TrainConfig } from '../../config/index.js';
import {
  cifar100ClassNames, cifar10ClassNames, digitClassNames, fashionMnistClassNames,
} from '../../data/class-names.js';
import type { DatasetName } from '../../data/types.js';
import { UsageError } from '../../errors.js';
import { lossByName, lossParameterNames } from '../../losses/registry.js';
import { formatNoiseReport, parseTransitionMatrix } from '../../noise/index.js';
import { runFiles, trainClassifier, type TrainEvent } from '../../train/run.js';
import type { EpochRecord } from '../../train/history.js';
import type { TrainResult } from '../../train/result.js';

interface TrainFlags {
  config?: string;
  dataset?: string;
  dataDir?: string;
  csvFile?: string;
  labelColumn?: string;
  testFile?: string;
  testFraction?: string;
  model?: string;
  hiddenSizes?: string;
  loss?: string;
  lossParam?: string[];
  noise?: string;
  rate?: string;
  noisePreset?: string;
  convention?: string;
  matrix?: string;
  sampling?: string;
  labelsFile?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  etaMin?: string;
  weightDecay?: string;
  momentum?: string;
  nesterov?: boolean;
  gradBound?: string;
  augment?: boolean;
  seed?: string;
  subset?: string;
  testSubset?: string;
  backend?: string;
  out?: string;
  resume?: boolean;
  [lossParameter: string]: unknown;
}

/** Loss parameters with a flag of their own; others go through `--loss-param name=value`. */
const lossParameterFlags = ['alpha', 'beta', 'scale', 'q', 'gamma', 'a', 'delta', 'lambda'];

/** `apl train`: train a classifier on noisy labels with the paper's protocol. */
export function registerTrain(program: Command): void {
  declareTrainOptions(program.command('train'))
    .description('train a classifier on noisy labels '
      + '(default: MNIST, NCE+RCE, 40% symmetric noise)')
    .action(async (flags: TrainFlags) => runTrain(flags));
}

/**
 * Checks the flags of one `apl train` run as the command would, up to the resolved config
 * (unknown flags, malformed numbers, schema ranges, presets), without loading any data.
 * Throws a UsageError naming the first fault.
 */
export function checkTrainFlags(args: string[]): void {
  const command = declareTrainOptions(new Command('train')).exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    throw new UsageError(error.message.replace(/^error: /, ''));
  }
  const flags = command.opts<TrainFlags>();
  const { config } = configFromFlags(flags, flags.config);
  const numClasses = classCounts[config.dataset.name];
  if (numClasses !== undefined) {
    tf.tidy(() => { lossByName(config.loss.name, { ...config.loss.params, numClasses }); });
  }
}

/** Class counts of the datasets that have fixed classes (a CSV table's come from its rows). */
const classCounts: Partial<Record<DatasetName, number>> = {
  'mnist': digitClassNames.length,
  'fashion-mnist': fashionMnistClassNames.length,
  'cifar10': cifar10ClassNames.length,
  'cifar100': cifar100ClassNames.length,
};

function declareTrainOptions(command: Command): Command {
  command
    .option('--config <file>', 'YAML config, merged over the preset of its dataset, noise and loss')
    .option('--dataset <name>', 'mnist, fashion-mnist, cifar10, cifar100 or csv')
    .option('--data-dir <folder>', 'folder of the dataset files (MNIST is built in)')
    .option('--csv-file <file>', 'CSV table of numeric features and a label (dataset csv)')
    .option('--label-column <name>', 'header of the CSV label column')
    .option('--test-file <file>', 'separate CSV test table')
    .option('--test-fraction <share>', 'share of the CSV rows held out for testing')
    .option('--model <name>', 'mnist-cnn, cifar10-cnn, resnet34, resnet50 or mlp')
    .option('--hidden-sizes <widths>', 'MLP hidden widths, comma-separated (e.g. 256,128)')
    .option('--loss <name>', 'loss name, e.g. ce, gce, sce, nce+rce (see docs/losses.md)');
  for (const name of lossParameterFlags) {
    command.option(`--${name} <value>`, `loss parameter ${name}`);
  }
  command
    .option('--loss-param <name=value>', 'any other loss parameter (repeatable)', collect)
    .option('--noise <type>', 'none, symmetric, asymmetric, pair, matrix or file')
    .option('--rate <rate>', 'noise rate in [0, 1]')
    .option('--noise-preset <name>', 'asymmetric flip preset (default: the dataset\'s own)')
    .option('--convention <name>', 'symmetric: reference (another class) or uniform (any class)')
    .option('--matrix <json|file>', 'row-stochastic transition matrix, row = clean class')
    .option('--sampling <mode>', 'matrix: per-example or exact')
    .option('--labels-file <file>', 'noisy labels to train on (JSON or CSV, one per example)')
    .option('--epochs <count>', 'training epochs (also the cosine schedule\'s length)')
    .option('--batch-size <count>', 'training batch size')
    .option('--lr <rate>', 'initial learning rate')
    .option('--eta-min <rate>', 'final learning rate of the cosine schedule')
    .option('--weight-decay <value>', 'L2 weight decay added to the gradient')
    .option('--momentum <value>', 'SGD momentum')
    .option('--nesterov', 'Nesterov momentum')
    .option('--no-nesterov', 'plain momentum')
    .option('--grad-bound <norm>', 'global gradient-norm bound')
    .option('--no-augment', 'no training augmentation (CIFAR crops and flips)')
    .option('--seed <integer>', 'seed of the noise, subsets, weights and shuffling')
    .option('--subset <count>', 'train on a seeded random subset of this many examples')
    .option('--test-subset <count>', 'evaluate on a seeded random subset of the test set')
    .option('--backend <name>', 'auto, node, wasm or cpu')
    .option('--out <folder>', 'run folder: config, noise, history, checkpoints and result')
    .option('--resume', 'continue the run in --out from its last checkpoint');
  return command;
}

async function runTrain(flags: TrainFlags): Promise<void> {
  if (flags.resume && flags.out === undefined) {
    throw new UsageError('--resume needs --out, the run folder to continue');
  }
  const { config, presetFile } = configFromFlags(flags,
    flags.config ?? (flags.resume ? savedConfigFile(flags.out!) : undefined));

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  const printer = new ProgressPrinter(config, presetFile, flags.resume ? flags.out : undefined);
  try {
    const outcome = await trainClassifier({
      config, outDir: flags.out, resume: flags.resume === true,
      onEvent: (event) => printer.handle(event), signal: controller.signal,
    });
    printer.stop();
    if (outcome.status === 'interrupted') {
      console.log(`interrupted after ${outcome.epochsDone} finished epochs; `
        + (flags.out ? `continue with --resume --out ${flags.out}` : 'nothing was saved'));
      process.exitCode = 130;
      return;
    }
    printResult(outcome.result, flags.out);
  } finally {
    printer.stop();
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * The config a run folder was trained with, which `--resume` continues unless `--config`
 * is given (flags still override it, and must then agree with the run).
 */
function savedConfigFile(outDir: string): string | undefined {
  const path = join(outDir, runFiles.config);
  return existsSync(path) ? path : undefined;
}

/** Turns the flags into a config layer; numbers are checked here, ranges by the schema. */
function overridesFrom(flags: TrainFlags): ConfigLayer {
  const layer: Record<string, Record<string, unknown> | unknown> = {};
  const set = (section: string, key: string, value: unknown) => {
    if (value === undefined) return;
    layer[section] = { ...(layer[section] as Record<string, unknown> | undefined), [key]: value };
  };

  set('dataset', 'name', flags.dataset);
  set('dataset', 'dataDir', flags.dataDir);
  if (flags.csvFile !== undefined || flags.labelColumn !== undefined) {
    set('dataset', 'csv', {
      file: flags.csvFile, labelColumn: flags.labelColumn, testFile: flags.testFile,
      testFraction: optionalNumber('--test-fraction', flags.testFraction),
    });
  }
  set('dataset', 'augment', flags.augment === false ? false : undefined);
  set('dataset', 'subset', optionalInteger('--subset', flags.subset));
  set('dataset', 'testSubset', optionalInteger('--test-subset', flags.testSubset));
  set('model', 'name', flags.model);
  set('model', 'hiddenSizes', flags.hiddenSizes?.split(',').map((width) =>
    integer('--hidden-sizes', width)));
  set('loss', 'name', flags.loss);
  const params = lossParamsFrom(flags);
  if (Object.keys(params).length > 0) set('loss', 'params', params);

  set('noise', 'type', flags.noise);
  set('noise', 'rate', optionalNumber('--rate', flags.rate));
  set('noise', 'preset', flags.noisePreset);
  set('noise', 'convention', flags.convention);
  set('noise', 'matrix', flags.matrix === undefined ? undefined
    : parseTransitionMatrix(flags.matrix));
  set('noise', 'sampling', flags.sampling);
  set('noise', 'labelsFile', flags.labelsFile);
  if (flags.noise === undefined && flags.matrix !== undefined) set('noise', 'type', 'matrix');
  if (flags.noise === undefined && flags.labelsFile !== undefined) set('noise', 'type', 'file');

  set('training', 'epochs', optionalInteger('--epochs', flags.epochs));
  set('training', 'batchSize', optionalInteger('--batch-size', flags.batchSize));
  set('training', 'gradBound', optionalNumber('--grad-bound', flags.gradBound));
  set('optimizer', 'lr', optionalNumber('--lr', flags.lr));
  set('optimizer', 'weightDecay', optionalNumber('--weight-decay', flags.weightDecay));
  set('optimizer', 'momentum', optionalNumber('--momentum', flags.momentum));
  set('optimizer', 'nesterov', flags.nesterov);
  set('schedule', 'etaMin', optionalNumber('--eta-min', flags.etaMin));
  if (flags.seed !== undefined) layer.seed = integer('--seed', flags.seed);
  if (flags.backend !== undefined) layer.backend = flags.backend;
  return layer as ConfigLayer;
}

/**
 * The run's config: the flags over `configFile` over the preset, with any loss parameter
 * flag the resolved loss does not have refused.
 */
function configFromFlags(flags: TrainFlags, configFile: string | undefined) {
  const resolved = resolveTrainConfig({ configFile, overrides: overridesFrom(flags) });
  refuseForeignLossParameters(flags, resolved.config.loss.name);
  return resolved;
}

/**
 * Refuses a loss parameter flag that the run's loss does not have (`--q` with CE), which
 * the loss would otherwise ignore without a word.
 */
function refuseForeignLossParameters(flags: TrainFlags, lossName: string): void {
  const own = lossParameterNames(lossName);
  const foreign = Object.keys(lossParamsFrom(flags)).find((name) => !own.includes(name));
  if (foreign !== undefined) {
    throw new UsageError(`loss ${lossName} has no parameter "${foreign}"; its parameters are: ${
      own.join(', ')}`);
  }
}

function lossParamsFrom(flags: TrainFlags): Record<string, number | boolean> {
  const params: Record<string, number | boolean> = {};
  for (const name of lossParameterFlags) {
    const value = flags[name];
    if (typeof value === 'string') params[name] = number(`--${name}`, value);
  }
  for (const entry of flags.lossParam ?? []) {
    const match = /^([A-Za-z][\w]*)=(.+)$/.exec(entry);
    if (!match) throw new UsageError(`--loss-param ${entry}: expected name=value`);
    const [, name, value] = match as unknown as [string, string, string];
    params[name] = value === 'true' || value === 'false' ? value === 'true'
      : number(`--loss-param ${name}`, value);
  }
  return params;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`${flag}: expected a number, got "${text}"`);
  }
  return value;
}

function integer(flag: string, text: string): number {
  const value = number(flag, text);
  if (!Number.isInteger(value)) {
    throw new UsageError(`${flag}: expected a whole number, got "${text}"`);
  }
  return value;
}

function optionalNumber(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : number(flag, text);
}

function optionalInteger(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : integer(flag, text);
}

/** Prints the run's set-up, a progress bar (terminal) or plain lines, and one line per epoch. */
class ProgressPrinter {
  private bar: cliProgress.SingleBar | null = null;
  private lastPlainStep = 0;
  private readonly interactive = process.stdout.isTTY === true;

  constructor(
    private readonly config: TrainConfig,
    private readonly presetFile: string | null,
    private readonly resumeFolder: string | undefined,
  ) {}

  handle(event: TrainEvent): void {
    switch (event.type) {
      case 'setup':
        this.printSetup(event);
        break;
      case 'epoch-start':
        this.lastPlainStep = 0;
        if (this.interactive) {
          this.bar = new cliProgress.SingleBar({
            format: `epoch ${event.epoch}/${event.epochs} [{bar}] {value}/{total} loss {loss}`,
            clearOnComplete: true, hideCursor: true, stream: process.stdout,
          }, cliProgress.Presets.shades_classic);
          this.bar.start(event.steps, 0, { loss: '-' });
        }
        break;
      case 'step':
        if (this.bar) {
          this.bar.update(event.step, { loss: event.loss.toFixed(4) });
        } else if (event.step - this.lastPlainStep >= Math.max(1, Math.ceil(event.steps / 4))
          && event.step < event.steps) {
          this.lastPlainStep = event.step;
          console.log(`epoch ${event.epoch} step ${event.step}/${event.steps} loss ${
            event.loss.toFixed(4)}`);
        }
        break;
      case 'epoch-end':
        this.stop();
        console.log(formatEpoch(event.record, event.epochs));
        break;
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }

  private printSetup(event: Extract<TrainEvent, { type: 'setup' }>): void {
    const { config } = this;
    const params = Object.entries(config.loss.params).map(([key, value]) => `${key} ${value}`);
    console.log(`backend: ${event.backend.name}${event.backend.simd ? ' (SIMD)' : ''}`);
    if (this.presetFile) console.log(`preset: ${relative(process.cwd(), this.presetFile)}`);
    console.log(`data: ${config.dataset.name}, ${event.trainCount} training and ${
      event.testCount} test examples`);
    console.log(formatNoiseReport(event.noise, event.classNames));
    console.log(`loss: ${config.loss.name}${params.length ? ` (${params.join(', ')})` : ''}; `
      + `model: ${config.model.name}; ${config.training.epochs} epochs of batch ${
        config.training.batchSize}; SGD lr ${config.optimizer.lr}, momentum ${
        config.optimizer.momentum}${config.optimizer.nesterov ? ' (Nesterov)' : ''}, weight decay ${
        config.optimizer.weightDecay}, ${config.schedule.type} schedule; seed ${config.seed}`);
    if (event.resumedEpochs > 0) {
      console.log(`resumed after epoch ${event.resumedEpochs}`);
    } else if (this.resumeFolder !== undefined) {
      console.log(`no checkpoint in ${this.resumeFolder} to resume from; starting a new run`);
    }
  }
}

function formatEpoch(record: EpochRecord, epochs: number): string {
  const width = String(epochs).length;
  return `epoch ${String(record.epoch).padStart(width)}/${epochs}  train loss ${
    record.trainLoss.toFixed(4)}  train acc ${percent(record.trainAccuracy)}  test acc ${
    percent(record.testAccuracy)}  lr ${record.learningRate.toPrecision(4)}  ${
    record.seconds.toFixed(1)} s  ${Math.round(record.imagesPerSecond)} img/s`;
}

function printResult(result: TrainResult, outDir: string | undefined): void {
  console.log(`final clean test accuracy ${percent(result.finalTestAccuracy)} (best ${
    percent(result.bestTestAccuracy)} at epoch ${result.bestEpoch}), ${
    result.seconds.toFixed(0)} s of training`);
  if (outDir !== undefined) console.log(`result: ${join(outDir, runFiles.result)}`);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
