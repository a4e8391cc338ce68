import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadDataset, parseDatasetName } from '../../data/load.js';
import type { LoadOptions } from '../../data/types.js';
import {
  applyNoise, findAsymmetricPreset, formatNoiseReport, noiseTypes, parseNoiseSpec, saveNoisyLabels,
} from '../../noise/index.js';

interface NoisifyOptions {
  dataset: string;
  dataDir?: string;
  csvFile?: string;
  labelColumn?: string;
  testFile?: string;
  testFraction?: string;
  noise?: string;
  rate?: string;
  preset?: string;
  convention?: string;
  matrix?: string;
  sampling?: string;
  labelsFile?: string;
  seed: string;
  out?: string;
  json?: boolean;
}

/** `apl noisify`: corrupt a dataset's training labels, print the noise report, save labels. */
export function registerNoisify(program: Command): void {
  program.command('noisify')
    .description('corrupt the training labels of a dataset and report the realised noise')
    .option('--dataset <name>', 'mnist, fashion-mnist, cifar10, cifar100 or csv', 'mnist')
    .option('--data-dir <folder>', 'folder of the dataset files (MNIST is built in)')
    .option('--csv-file <file>', 'CSV table of numeric features and a label (dataset csv)')
    .option('--label-column <name>', 'header of the CSV label column')
    .option('--test-file <file>', 'separate CSV test table')
    .option('--test-fraction <share>', 'share of the CSV rows held out for testing', '0.2')
    .option('--noise <type>', noiseTypes.join(', '))
    .option('--rate <rate>', 'noise rate in [0, 1]')
    .option('--preset <name>', 'asymmetric preset (reference; cifar100 also superclass)')
    .option('--convention <name>', 'symmetric: reference (another class) or uniform (any class)')
    .option('--matrix <json|file>', 'row-stochastic transition matrix, row = clean class')
    .option('--sampling <mode>', 'matrix: per-example or exact')
    .option('--labels-file <file>', 'noisy labels to use (JSON or CSV, one per example)')
    .option('--seed <integer>', 'seed of the noise', '0')
    .option('--out <file>', 'write the noisy labels and the report as JSON')
    .option('--json', 'print the report as JSON')
    .action(async (options: NoisifyOptions) => runNoisify(options));
}

async function runNoisify(options: NoisifyOptions): Promise<void> {
  const spec = parseNoiseSpec(options);
  const seed = parseSeed(options.seed);
  const name = parseDatasetName(options.dataset);
  if (spec.type === 'asymmetric') findAsymmetricPreset(name, spec.preset);
  const dataset = await loadDataset(name, loadOptions(name, options));

  const { labels, report } = applyNoise(dataset, spec, seed);
  if (options.out !== undefined) saveNoisyLabels(options.out, labels, report);

  if (options.json) {
    console.log(JSON.stringify({ dataset: dataset.name, classNames: dataset.classNames, ...report },
      null, 2));
  } else {
    console.log(`dataset ${dataset.name}: ${dataset.train.count} training examples`);
    console.log(formatNoiseReport(report, dataset.classNames));
    if (options.out !== undefined) console.log(`noisy labels written to ${options.out}`);
  }
}

function loadOptions(name: string, options: NoisifyOptions): LoadOptions {
  const loadOptions: LoadOptions = {};
  if (options.dataDir !== undefined) loadOptions.dataDir = options.dataDir;
  if (name !== 'csv') return loadOptions;
  if (options.csvFile === undefined || options.labelColumn === undefined) {
    throw new UsageError('dataset csv needs --csv-file and --label-column');
  }
  const testFraction = Number(options.testFraction);
  if (options.testFraction?.trim() === '' || !Number.isFinite(testFraction)) {
    throw new UsageError(`--test-fraction '${options.testFraction}' is not a number`);
  }
  loadOptions.csv = { file: options.csvFile, labelColumn: options.labelColumn, testFraction };
  if (options.testFile !== undefined) loadOptions.csv.testFile = options.testFile;
  return loadOptions;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed '${value}' is not an integer`);
  }
  return seed;
}
