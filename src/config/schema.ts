import { z } from 'zod';
import { datasetNames, type DatasetName } from '../data/types.js';
import { modelNames } from '../models/index.js';

// The schema of a training config. Every object is strict, so a misspelt key is an error
// that names it; every value's type and range is checked with a message that says what
// is allowed. Config files and presets give any part of it (`configLayerSchema`); the
// resolved config (`trainConfigSchema`) has every field.

const noiseTypes = ['none', 'symmetric', 'asymmetric', 'pair', 'matrix', 'file'] as const;
const backendChoices = ['auto', 'node', 'wasm', 'cpu'] as const;

const wholeNumber = (minimum: number) => z.number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(minimum, { error: `must be at least ${minimum}` });
const positive = () => z.number({ error: 'must be a number' })
  .positive({ error: 'must be above 0' });
const nonNegative = () => z.number({ error: 'must be a number' })
  .nonnegative({ error: 'must be at least 0' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
const text = () => z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });
const flag = () => z.boolean({ error: 'must be true or false' });

const csvSection = z.strictObject({
  file: text(),
  labelColumn: text(),
  testFile: text().optional(),
  testFraction: z.number({ error: 'must be a number' }).gt(0, { error: 'must be above 0' })
    .lt(1, { error: 'must be below 1' }).optional(),
  seed: wholeNumber(0).optional(),
});

const datasetSection = z.strictObject({
  name: oneOf(datasetNames as readonly [DatasetName, ...DatasetName[]]),
  /** Folder of the dataset's files; the embedded MNIST copy when absent. */
  dataDir: text().optional(),
  csv: csvSection.optional(),
  /** The dataset's training augmentation (CIFAR crops and flips; MNIST has none). */
  augment: flag(),
  /** Train on a seeded random subset of this many training examples (null: all). */
  subset: wholeNumber(1).nullable(),
  /** Evaluate on a seeded random subset of this many test examples (null: all). */
  testSubset: wholeNumber(1).nullable(),
});

const modelSection = z.strictObject({
  name: oneOf(modelNames),
  hiddenSizes: z.array(wholeNumber(1), { error: 'must be a list of widths' }).min(1).optional(),
});

const lossParameterValue = z.union([
  z.number(), z.boolean(), z.array(z.number()),
], { error: 'must be a number, true/false or a list of numbers' });

const lossSection = z.strictObject({
  name: text(),
  params: z.record(z.string(), lossParameterValue, { error: 'must be a map of parameters' }),
});

const noiseSection = z.strictObject({
  type: oneOf(noiseTypes),
  rate: z.number({ error: 'must be a number' }).min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' }),
  /** Named asymmetric flip preset (the dataset's reference preset when absent). */
  preset: text().optional(),
  convention: oneOf(['reference', 'uniform'] as const).optional(),
  /** Row-stochastic transition matrix for `matrix` noise (row = clean, column = noisy). */
  matrix: z.array(z.array(z.number()), { error: 'must be a list of rows' }).optional(),
  sampling: oneOf(['per-example', 'exact'] as const).optional(),
  /** Noisy labels file for `file` noise. */
  labelsFile: text().optional(),
});

const trainingSection = z.strictObject({
  epochs: wholeNumber(1),
  batchSize: wholeNumber(1),
  evalBatchSize: wholeNumber(1),
  /** Bound of the global gradient norm (the reference's `grad_bound`); null: no clipping. */
  gradBound: positive().nullable(),
});

const optimizerSection = z.strictObject({
  lr: positive(),
  momentum: nonNegative().max(1, { error: 'must be below 1' }),
  nesterov: flag(),
  weightDecay: nonNegative(),
});

const scheduleSection = z.strictObject({
  type: oneOf(['cosine', 'constant'] as const),
  /** Cosine annealing's final learning rate (PyTorch's eta_min). */
  etaMin: nonNegative(),
});

const sections = {
  dataset: datasetSection,
  model: modelSection,
  loss: lossSection,
  noise: noiseSection,
  training: trainingSection,
  optimizer: optimizerSection,
  schedule: scheduleSection,
  seed: wholeNumber(0),
  backend: oneOf(backendChoices),
};

export const trainConfigSchema = z.strictObject(sections)
  .refine((config) => !config.optimizer.nesterov || config.optimizer.momentum > 0, {
    error: 'optimizer.nesterov needs optimizer.momentum above 0', path: ['optimizer', 'nesterov'],
  });

/** A part of a config: what a config file, a preset or the command-line flags give. */
export const configLayerSchema = z.strictObject({
  dataset: datasetSection.partial(),
  model: modelSection.partial(),
  loss: lossSection.partial(),
  noise: noiseSection.partial(),
  training: trainingSection.partial(),
  optimizer: optimizerSection.partial(),
  schedule: scheduleSection.partial(),
  seed: sections.seed,
  backend: sections.backend,
}).partial();

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type ConfigLayer = z.infer<typeof configLayerSchema>;
export type ModelChoice = TrainConfig['model']['name'];

/** The keys a config allows at `path` (top level for []), for error messages. */
export function allowedKeys(path: readonly PropertyKey[]): string[] {
  let shape: Record<string, z.ZodType> | undefined = sections;
  for (const key of path) {
    const next: z.ZodType | undefined = shape?.[String(key)];
    shape = next === undefined ? undefined : objectShape(next);
  }
  return shape === undefined ? [] : Object.keys(shape);
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current instanceof z.ZodObject ? current.shape as Record<string, z.ZodType> : undefined;
}
