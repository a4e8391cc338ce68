import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDatasetName } from '../data/load.js';
import { UsageError } from '../errors.js';
import { canonicalLossName } from '../losses/registry.js';
import { findAsymmetricPreset } from '../noise/asymmetric.js';

/** The label-noise types a sweep can ask `apl train` for. */
export const sweepNoiseTypes = ['symmetric', 'asymmetric', 'pair'] as const;
export type SweepNoiseType = (typeof sweepNoiseTypes)[number];

/** One noise setting of a sweep: a column of the report's table. */
export interface NoiseSetting {
  type: string;
  rate: number;
}

/**
 * What a sweep covers: every loss under every noise setting with every seed, each
 * trained for `epochs` epochs (the preset's when absent) on `subset` training images
 * (all when absent). `trainArgs` are further flags handed to every `apl train`.
 */
export interface SweepGrid {
  dataset: string;
  losses: string[];
  noise: NoiseSetting[];
  seeds: number[];
  epochs?: number;
  subset?: number;
  trainArgs: string[];
}

/** The parts of a grid that may be given on their own (flags or a grid file). */
export type PartialSweepGrid = Partial<SweepGrid>;

const lossNamePattern = /^[a-z0-9][a-z0-9+\-]*$/i;

/**
 * Reads `type:rate,rate,...` (for example `symmetric:0,0.2,0.4`) into one noise
 * setting per rate. `input` names the flag or file in error messages.
 */
export function parseSweepNoise(spec: string, input = '--noise'): NoiseSetting[] {
  const [type, rates, ...rest] = spec.split(':');
  if (type === undefined || rates === undefined || rest.length > 0) {
    throw new UsageError(`${input} "${spec}" must look like symmetric:0,0.2,0.4`);
  }
  const noiseType = parseNoiseType(type.trim(), input);
  return parseList(rates, input, (text) => ({ type: noiseType, rate: parseRate(text, input) }));
}

/** Reads `a,b,c` into a list of loss names. */
export function parseLossList(text: string, input = '--losses'): string[] {
  return parseList(text, input, (name) => checkLossName(name, input));
}

/** Reads `1,2,3` into a list of integer seeds. */
export function parseSeedList(text: string, input = '--seeds'): number[] {
  return parseList(text, input, (seed) => {
    if (!/^-?\d+$/.test(seed)) throw new UsageError(`${input}: "${seed}" is not an integer seed`);
    return Number(seed);
  });
}

function parseList<T>(text: string, input: string, parseItem: (item: string) => T): T[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new UsageError(`${input}: "${text}" has an empty item; give a comma-separated list`);
  }
  return items.map(parseItem);
}

function parseNoiseType(type: string, input: string): SweepNoiseType {
  const known = sweepNoiseTypes.find((name) => name === type);
  if (known === undefined) {
    throw new UsageError(
      `${input}: unknown noise type "${type}"; use one of ${sweepNoiseTypes.join(', ')}`,
    );
  }
  return known;
}

function parseRate(text: string, input: string): number {
  const rate = Number(text);
  if (text === '' || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
    throw new UsageError(`${input}: noise rate "${text}" must be a number in [0, 1)`);
  }
  return rate;
}

function checkLossName(name: string, input: string): string {
  if (!lossNamePattern.test(name)) {
    throw new UsageError(
      `${input}: "${name}" is not a loss name (letters, digits, "+" and "-" only)`,
    );
  }
  try {
    canonicalLossName(name);
  } catch (error) {
    throw new UsageError(`${input}: ${(error as Error).message}`);
  }
  return name;
}

const noiseEntrySchema = z.union([
  z.string(),
  z.strictObject({ type: z.string(), rates: z.array(z.number()).min(1) }),
]);

const gridFileSchema = z.strictObject({
  dataset: z.string().optional(),
  losses: z.array(z.string()).min(1).optional(),
  noise: z.array(noiseEntrySchema).min(1).optional(),
  seeds: z.array(z.number().int()).min(1).optional(),
  epochs: z.number().int().positive().optional(),
  subset: z.number().int().positive().optional(),
  trainArgs: z.array(z.string()).optional(),
});

/**
 * Reads a YAML grid file. Every key is optional (flags may supply the rest):
 * `dataset`, `losses` (list), `noise` (list of `type:rate,rate` strings or
 * `{type, rates}` objects), `seeds`, `epochs`, `subset`, `trainArgs` (list of flags).
 */
export function readGridFile(path: string): PartialSweepGrid {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`grid file ${path} cannot be read; check the path`);
  }

  let parsed: z.infer<typeof gridFileSchema>;
  try {
    parsed = gridFileSchema.parse(parseYaml(text) ?? {});
  } catch (error) {
    throw new UsageError(`grid file ${path}: ${describeGridError(error)}`);
  }

  const grid: PartialSweepGrid = {};
  if (parsed.dataset !== undefined) grid.dataset = parsed.dataset;
  if (parsed.losses !== undefined) {
    grid.losses = parsed.losses.map((name) => checkLossName(name, `${path}: losses`));
  }
  if (parsed.noise !== undefined) {
    grid.noise = parsed.noise.flatMap((entry) => noiseEntryToSettings(entry, `${path}: noise`));
  }
  if (parsed.seeds !== undefined) grid.seeds = parsed.seeds;
  if (parsed.epochs !== undefined) grid.epochs = parsed.epochs;
  if (parsed.subset !== undefined) grid.subset = parsed.subset;
  if (parsed.trainArgs !== undefined) grid.trainArgs = parsed.trainArgs;
  return grid;
}

function noiseEntryToSettings(entry: z.infer<typeof noiseEntrySchema>, input: string) {
  if (typeof entry === 'string') return parseSweepNoise(entry, input);
  const type = parseNoiseType(entry.type, input);
  return entry.rates.map((rate) => ({ type, rate: parseRate(String(rate), input) }));
}

function describeGridError(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      return `unknown key "${issue.keys[0]}"; the keys are ` +
        Object.keys(gridFileSchema.shape).join(', ');
    }
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue?.message ?? 'invalid grid'}`;
  }
  const firstLine = error instanceof Error ? error.message.split('\n')[0] ?? '' : '';
  return `not valid YAML: ${firstLine.replace(/:$/, '') || 'cannot be parsed'}`;
}

/**
 * Completes a grid from a grid file and flags (flags win), checking that the losses,
 * noise settings and seeds are given, that no item is repeated, that the dataset is known
 * and that it has an asymmetric preset when a setting asks for one: a sweep stops here,
 * before its first run, rather than in every run.
 */
export function resolveGrid(fromFile: PartialSweepGrid, fromFlags: PartialSweepGrid): SweepGrid {
  const merged = { ...fromFile, ...definedOnly(fromFlags) };
  const losses = required(merged.losses, '--losses (or "losses" in the grid file)');
  const noise = required(merged.noise, '--noise (or "noise" in the grid file)');
  const seeds = merged.seeds ?? [1];

  rejectRepeats(losses, '--losses', (loss) => loss);
  rejectRepeats(noise, '--noise', (setting) => `${setting.type}:${setting.rate}`);
  rejectRepeats(seeds, '--seeds', (seed) => String(seed));

  const dataset = parseDatasetName(merged.dataset ?? 'mnist');
  if (noise.some((setting) => setting.type === 'asymmetric')) findAsymmetricPreset(dataset);

  const grid: SweepGrid = {
    dataset,
    losses,
    noise,
    seeds,
    trainArgs: merged.trainArgs ?? [],
  };
  if (merged.epochs !== undefined) grid.epochs = merged.epochs;
  if (merged.subset !== undefined) grid.subset = merged.subset;
  return grid;
}

function definedOnly(grid: PartialSweepGrid): PartialSweepGrid {
  return Object.fromEntries(Object.entries(grid).filter(([, value]) => value !== undefined));
}

function required<T>(value: T[] | undefined, what: string): T[] {
  if (value === undefined || value.length === 0) {
    throw new UsageError(`a sweep needs ${what}`);
  }
  return value;
}

function rejectRepeats<T>(items: T[], input: string, key: (item: T) => string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const name = key(item);
    if (seen.has(name)) throw new UsageError(`${input}: "${name}" is given twice`);
    seen.add(name);
  }
}

/** A rate as it appears in folder names and table headings: 0.4, 0.0, 0.25. */
export function formatRate(rate: number): string {
  return Number.isInteger(rate * 10) ? rate.toFixed(1) : String(rate);
}
