import { UsageError } from '../errors.js';
import type { Dataset } from '../data/types.js';
import { Random } from '../random/rng.js';
import { asymmetricNoise, findAsymmetricPreset } from './asymmetric.js';
import { loadNoisyLabels } from './label-file.js';
import { buildNoiseReport } from './report.js';
import type { NoiseReport, NoiseReportSettings } from './report.js';
import type { NoiseSpec } from './spec.js';
import { symmetricNoise } from './symmetric.js';
import {
  expectedChangedShare, pairFlipMatrix, transitionNoiseExact, transitionNoisePerExample,
} from './transition.js';

/**
 * Corrupts the training labels of `dataset` as `spec` says, with all draws from `seed`: the
 * same seed gives the same labels on every run and machine. Returns the noisy labels (the
 * dataset is left unchanged) and a report comparing them with the clean ones.
 */
export function applyNoise(dataset: Dataset, spec: NoiseSpec, seed: number):
  { labels: Int32Array; report: NoiseReport } {
  if (!Number.isInteger(seed)) throw new UsageError(`seed ${seed} must be an integer`);
  const { labels, settings } = corrupt(dataset, spec, Random.fromSeed(seed));
  const report = buildNoiseReport(dataset.train.labels, labels, dataset.numClasses,
    { ...settings, seed });
  return { labels, report };
}

interface Corruption {
  labels: Int32Array;
  settings: Omit<NoiseReportSettings, 'seed'>;
}

function corrupt(dataset: Dataset, spec: NoiseSpec, random: Random): Corruption {
  const clean = dataset.train.labels;
  const numClasses = dataset.numClasses;
  switch (spec.type) {
    case 'none':
      return { labels: clean.slice(),
        settings: { type: 'none', requestedRate: 0, expectedRate: 0 } };
    case 'symmetric': {
      const convention = spec.convention ?? 'reference';
      const noisy = symmetricNoise(clean, numClasses, spec.rate, convention, random);
      return { labels: noisy.labels, settings: { type: 'symmetric', requestedRate: spec.rate,
        expectedRate: noisy.expectedRate, convention } };
    }
    case 'asymmetric': {
      const preset = findAsymmetricPreset(dataset.name, spec.preset);
      const noisy = asymmetricNoise(dataset, preset, spec.rate, random);
      return { labels: noisy.labels, settings: { type: 'asymmetric', requestedRate: spec.rate,
        expectedRate: noisy.expectedRate, preset: preset.name, sampling: preset.sampling } };
    }
    case 'pair': {
      const noisy = transitionNoisePerExample(clean, pairFlipMatrix(numClasses, spec.rate), random);
      return { labels: noisy.labels, settings: { type: 'pair', requestedRate: spec.rate,
        expectedRate: noisy.expectedRate } };
    }
    case 'matrix':
      return matrixCorruption(dataset, spec.matrix, spec.sampling ?? 'per-example', random);
    case 'file': {
      const labels = loadNoisyLabels(spec.path, numClasses, dataset.train.count);
      const actualRate = changedShare(clean, labels);
      return { labels, settings: { type: 'file', requestedRate: actualRate,
        expectedRate: actualRate, labelsFile: spec.path } };
    }
  }
}

function matrixCorruption(dataset: Dataset, matrix: number[][],
  sampling: 'per-example' | 'exact', random: Random): Corruption {
  if (matrix.length !== dataset.numClasses) {
    throw new UsageError(`transition matrix is ${matrix.length}x${matrix.length} but dataset ` +
      `${dataset.name} has ${dataset.numClasses} classes`);
  }
  const clean = dataset.train.labels;
  const noisy = sampling === 'exact' ? transitionNoiseExact(clean, matrix, random)
    : transitionNoisePerExample(clean, matrix, random);
  return { labels: noisy.labels, settings: { type: 'matrix',
    requestedRate: expectedChangedShare(clean, matrix), expectedRate: noisy.expectedRate,
    sampling } };
}

function changedShare(clean: Int32Array, noisy: Int32Array): number {
  let changed = 0;
  for (let i = 0; i < clean.length; i++) if (clean[i] !== noisy[i]) changed++;
  return clean.length > 0 ? changed / clean.length : 0;
}
