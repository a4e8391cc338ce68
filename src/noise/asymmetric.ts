import { UsageError } from '../errors.js';
import type { Dataset, DatasetName } from '../data/types.js';
import type { Random } from '../random/rng.js';
import { chooseWithoutReplacement, indicesByClass } from './sampling.js';
import { flipMatrix, transitionNoisePerExample } from './transition.js';

/**
 * Class-dependent noise between similar classes. `per-example` presets flip each example of
 * a source class with probability rate; `exact` presets flip exactly floor(rate * n) of the
 * n examples of each source class.
 */
export interface AsymmetricPreset {
  name: string;
  description: string;
  sampling: 'per-example' | 'exact';
  /** The (source, target) class pairs, from the dataset (CIFAR-100's superclasses). */
  flips(dataset: Dataset): Array<[number, number]>;
}

const mnistReference: AsymmetricPreset = {
  name: 'reference',
  description: '7→1, 2→7, 5→6, 6→5, 3→8, each example with probability rate',
  sampling: 'per-example',
  flips: () => [[7, 1], [2, 7], [5, 6], [6, 5], [3, 8]],
};

const cifar10Reference: AsymmetricPreset = {
  name: 'reference',
  description: 'truck→automobile, bird→airplane, deer→horse, cat→dog, dog→cat, ' +
    'exactly floor(rate * n) clean examples of each source class',
  sampling: 'exact',
  flips: () => [[9, 1], [2, 0], [4, 7], [3, 5], [5, 3]],
};

const cifar100Reference: AsymmetricPreset = {
  name: 'reference',
  description: 'each class to the next within groups of five consecutive class indices ' +
    '(circular), each example with probability rate',
  sampling: 'per-example',
  flips: () => circularFlips(Array.from({ length: 20 }, (_, group) =>
    Array.from({ length: 5 }, (_, member) => group * 5 + member))),
};

const cifar100Superclass: AsymmetricPreset = {
  name: 'superclass',
  description: 'each class to the next within its true superclass (circular, in class index ' +
    'order), each example with probability rate',
  sampling: 'per-example',
  flips: (dataset) => circularFlips(superclassGroups(dataset)),
};

/** The asymmetric presets of each dataset; the first is the default. */
export const asymmetricPresets: Partial<Record<DatasetName, AsymmetricPreset[]>> = {
  mnist: [mnistReference],
  cifar10: [cifar10Reference],
  cifar100: [cifar100Reference, cifar100Superclass],
};

/** Finds a dataset's preset by name (its default when no name is given). */
export function findAsymmetricPreset(datasetName: DatasetName, name?: string): AsymmetricPreset {
  const presets = asymmetricPresets[datasetName];
  if (presets === undefined) {
    throw new UsageError(`dataset ${datasetName} has no asymmetric noise preset (presets ` +
      `exist for ${Object.keys(asymmetricPresets).join(', ')}); use noise matrix instead`);
  }
  const preset = name === undefined ? presets[0] : presets.find((p) => p.name === name);
  if (preset === undefined) {
    throw new UsageError(`unknown asymmetric preset '${name}' for ${datasetName}: expected ` +
      `one of ${presets.map((p) => p.name).join(', ')}`);
  }
  return preset;
}

/** Applies a preset at `rate` to the training labels. */
export function asymmetricNoise(dataset: Dataset, preset: AsymmetricPreset, rate: number,
  random: Random): { labels: Int32Array; expectedRate: number } {
  const clean = dataset.train.labels;
  const flips = preset.flips(dataset);
  if (preset.sampling === 'per-example') {
    return transitionNoisePerExample(clean, flipMatrix(dataset.numClasses, rate, flips), random);
  }

  const noisy = clean.slice();
  const byClass = indicesByClass(clean, dataset.numClasses);
  let changed = 0;
  for (const [source, target] of flips) {
    const members = byClass[source]!;
    const chosen = chooseWithoutReplacement(members, Math.floor(rate * members.length), random);
    for (const index of chosen) noisy[index] = target;
    changed += chosen.length;
  }
  return { labels: noisy, expectedRate: clean.length > 0 ? changed / clean.length : 0 };
}

function circularFlips(groups: number[][]): Array<[number, number]> {
  return groups.flatMap((group) =>
    group.map((source, i): [number, number] => [source, group[(i + 1) % group.length]!]));
}

/** CIFAR-100's fine classes grouped by superclass, as the coarse labels of the training set say. */
function superclassGroups(dataset: Dataset): number[][] {
  const coarse = dataset.train.coarseLabels;
  if (coarse === undefined) {
    throw new UsageError(`dataset ${dataset.name} has no coarse labels for the superclass preset`);
  }
  const superclassOf = new Map<number, number>();
  dataset.train.labels.forEach((fine, i) => {
    const known = superclassOf.get(fine);
    if (known !== undefined && known !== coarse[i]) {
      throw new UsageError(`dataset ${dataset.name}: class ${fine} has examples in ` +
        `superclasses ${known} and ${coarse[i]}, so superclasses cannot be read from the labels`);
    }
    superclassOf.set(fine, coarse[i]!);
  });
  const groups = new Map<number, number[]>();
  [...superclassOf.keys()].sort((a, b) => a - b).forEach((fine) => {
    const superclass = superclassOf.get(fine)!;
    groups.set(superclass, [...(groups.get(superclass) ?? []), fine]);
  });
  return [...groups.values()];
}
