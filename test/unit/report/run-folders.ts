import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a test chooses for one run folder written in the format `apl train --out` writes. */
export interface RunFolderSpec {
  loss: string;
  noise: { type: string; rate: number };
  seed: number;
  finalTestAccuracy: number;
  bestTestAccuracy?: number;
  dataset?: string;
  epochs?: number;
  subset?: number | null;
  /** Test accuracy after each epoch; written to history.jsonl. */
  history?: number[];
  perClassTestAccuracy?: number[];
  confusionMatrix?: number[][];
}

/** The folder a sweep gives a run: `<loss>/<type>-<rate>/seed-<seed>`. */
export function runFolder(root: string, spec: Pick<RunFolderSpec, 'loss' | 'noise' | 'seed'>) {
  const { rate: value } = spec.noise;
  const rate = Number.isInteger(value * 10) ? value.toFixed(1) : String(value);
  return join(root, spec.loss, `${spec.noise.type}-${rate}`, `seed-${spec.seed}`);
}

/** Writes a finished run folder (config.yaml, history.jsonl, result.json) and returns it. */
export function writeFinishedRun(root: string, spec: RunFolderSpec): string {
  const dir = writeStartedRun(root, spec);
  const history = spec.history ?? [spec.finalTestAccuracy];
  const lines = history.map((testAccuracy, index) => JSON.stringify({
    epoch: index + 1, trainLoss: 0.5, trainAccuracy: 0.6, testLoss: 0.2, testAccuracy,
    learningRate: 0.01, seconds: 1, imagesPerSecond: 100,
  }));
  writeFileSync(join(dir, 'history.jsonl'), `${lines.join('\n')}\n`);
  const result = {
    status: 'finished',
    dataset: spec.dataset ?? 'mnist',
    model: 'mnist-cnn',
    loss: { name: spec.loss, params: {} },
    noise: { type: spec.noise.type, rate: spec.noise.rate, actualRate: spec.noise.rate },
    seed: spec.seed,
    epochs: spec.epochs ?? history.length,
    subset: spec.subset ?? null,
    finalTestAccuracy: spec.finalTestAccuracy,
    bestTestAccuracy: spec.bestTestAccuracy ?? Math.max(...history, spec.finalTestAccuracy),
    bestEpoch: 1,
    perClassTestAccuracy: spec.perClassTestAccuracy ?? Array(10).fill(spec.finalTestAccuracy),
    confusionMatrix: spec.confusionMatrix ?? identity(10, 100),
    seconds: 12,
    backend: 'cpu',
    versions: { node: process.version, tfjs: '4.22.0', activePassiveLoss: '0.1.0' },
    config: {},
  };
  writeFileSync(join(dir, 'result.json'), JSON.stringify(result));
  return dir;
}

/** Writes a run folder as a run that started and has no result yet. */
export function writeStartedRun(
  root: string,
  spec: Pick<RunFolderSpec, 'loss' | 'noise' | 'seed'>,
): string {
  const dir = runFolder(root, spec);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), `loss: ${spec.loss}\nseed: ${spec.seed}\n`);
  return dir;
}

function identity(size: number, count: number): number[][] {
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => (row === column ? count : 0)));
}
