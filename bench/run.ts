// npm run bench [-- --json] [--backends wasm,cpu] [--steps N] [--warmup N] [--rounds N]
//   [--memory-images N] [--no-memory]
// Training and evaluation throughput of the paper's MNIST and CIFAR-10 models (batch 128)
// on each backend, peak memory of a full MNIST training epoch, the same figures for
// PyTorch on this machine with the same thread count when it is installed, and the ratio
// ours / PyTorch for each. The machine is shared, so throughput is measured in rounds that
// alternate between PyTorch and ours, and each figure is the best of its rounds.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice } from '../src/backend/index.js';
import { measureThroughput, type Throughput } from './throughput.js';
import { batchSize, benchModels, type BenchModel } from './workload.js';

interface Options {
  json: boolean;
  backends: BackendChoice[];
  steps: number;
  warmup: number;
  rounds: number;
  memoryImages: number;
  memory: boolean;
}

interface Figure {
  name: string;
  unit: 'images/s' | 'MB';
  ours: number;
  pytorch: number | null;
  /** ours / PyTorch. */
  ratio: number | null;
}

const pythonPath = '/usr/bin/python3';
// Our backends compute on one thread (the wasm backend's threaded build does not run in
// Node), so PyTorch gets one too.
const threads = 1;

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1]! : fallback;
  };
  return {
    json: argv.includes('--json'),
    backends: value('--backends', 'wasm,cpu').split(',') as BackendChoice[],
    steps: Number(value('--steps', '20')),
    warmup: Number(value('--warmup', '3')),
    rounds: Number(value('--rounds', '2')),
    memoryImages: Number(value('--memory-images', '60000')),
    memory: !argv.includes('--no-memory'),
  };
}

function hasPytorch(): boolean {
  return spawnSync(pythonPath, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function runPytorch(task: object): Record<string, number | string> {
  const output = execFileSync(pythonPath,
    [new URL('./pytorch_models.py', import.meta.url).pathname,
      JSON.stringify({ threads, batch: batchSize, ...task })], { encoding: 'utf8' });
  return JSON.parse(output) as Record<string, number | string>;
}

/**
 * Steps per measurement: a quarter for the CIFAR-10 model (twenty times the work of the
 * MNIST model per image); on the cpu backend (two orders of magnitude slower) a single step
 * of the MNIST model, and the CIFAR-10 model, about an hour there, not at all.
 */
function stepsFor(backend: string, model: BenchModel, options: Options) {
  if (backend === 'cpu') return model === 'mnist-cnn' ? { warmup: 0, steps: 1 } : undefined;
  if (model === 'cifar10-cnn') {
    return {
      warmup: Math.min(options.warmup, 2), steps: Math.max(2, Math.round(options.steps / 4)),
    };
  }
  return options;
}

function ratio(ours: number, pytorch: number | null): number | null {
  return pytorch === null ? null : ours / pytorch;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const pytorch = hasPytorch();
  const figures: Figure[] = [];
  const models = Object.keys(benchModels) as BenchModel[];
  const best = new Map<string, Throughput>();
  const keep = (key: string, result: Throughput) => {
    const known = best.get(key);
    best.set(key, known ? {
      trainImagesPerSecond: Math.max(known.trainImagesPerSecond, result.trainImagesPerSecond),
      evalImagesPerSecond: Math.max(known.evalImagesPerSecond, result.evalImagesPerSecond),
    } : result);
  };
  const labels = new Map<string, string>();

  for (let round = 0; round < options.rounds; round++) {
    for (const model of models) {
      if (pytorch) {
        keep(`pytorch ${model}`, runPytorch({ task: 'throughput', model,
          ...stepsFor('pytorch', model, options) }) as unknown as Throughput);
      }
      for (const backend of options.backends) {
        const info = await initBackend(backend);
        labels.set(backend, `${info.name}${info.simd ? ' simd' : ''}`);
        const steps = stepsFor(info.name, model, options);
        if (!steps || (info.name === 'cpu' && round > 0)) continue;
        keep(`${backend} ${model}`, measureThroughput(model, steps.warmup, steps.steps));
      }
    }
  }
  for (const backend of options.backends) {
    for (const model of models) {
      const ours = best.get(`${backend} ${model}`);
      if (!ours) continue;
      const theirs = best.get(`pytorch ${model}`);
      for (const [key, label] of [['trainImagesPerSecond', 'training'],
        ['evalImagesPerSecond', 'evaluation']] as const) {
        const reference = theirs ? theirs[key] : null;
        figures.push({ name: `${model} ${label} (${labels.get(backend)})`, unit: 'images/s',
          ours: ours[key], pytorch: reference, ratio: ratio(ours[key], reference) });
      }
    }
  }

  if (options.memory) {
    const backend = options.backends[0] ?? 'wasm';
    const child = execFileSync(process.execPath, ['--import', 'tsx',
      new URL('./memory-epoch.ts', import.meta.url).pathname, backend,
      String(options.memoryImages)], { encoding: 'utf8' });
    const ours = (JSON.parse(child) as { peakRssBytes: number }).peakRssBytes / 2 ** 20;
    const theirs = pytorch ? Number(runPytorch({ task: 'memory',
      images: options.memoryImages }).peakRssBytes) / 2 ** 20 : null;
    figures.push({ name: `peak RSS, MNIST epoch of ${options.memoryImages} (${backend})`,
      unit: 'MB', ours, pytorch: theirs, ratio: ratio(ours, theirs) });
  }

  const dataBench = new URL('./data.ts', import.meta.url).pathname;
  const data = existsSync(dataBench)
    ? JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', dataBench, '--json'],
      { encoding: 'utf8' })) as unknown
    : null;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version,
    tfjs: tf.version.tfjs, threads, pytorch: pytorch ? runPytorch({ task: 'version' }) : null,
    batchSize, steps: options.steps, warmup: options.warmup, rounds: options.rounds,
  };
  if (options.json) {
    console.log(JSON.stringify({ machine, figures, data }, null, 2));
    return;
  }
  printTable(machine, figures, data);
}

function printTable(machine: object, figures: Figure[], data: unknown): void {
  console.log(JSON.stringify(machine));
  console.log(`${'figure'.padEnd(48)} ${'ours'.padStart(10)} ${'PyTorch'.padStart(10)} ${
    'ratio'.padStart(7)}`);
  for (const figure of figures) {
    const format = (value: number | null) => value === null ? '-' : value.toFixed(1);
    console.log(`${`${figure.name} [${figure.unit}]`.padEnd(48)} ${format(figure.ours)
      .padStart(10)} ${format(figure.pytorch).padStart(10)} ${(figure.ratio === null ? '-'
      : `${figure.ratio.toFixed(2)}x`).padStart(7)}`);
  }
  if (data !== null) console.log(`data: ${JSON.stringify(data)}`);
}

await main();
