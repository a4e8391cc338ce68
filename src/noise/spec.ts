import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** How the reference's symmetric noise picks the new label: another class, or any class. */
export type SymmetricConvention = 'reference' | 'uniform';

/** Per-example draws from the transition matrix, or exact per-cell counts. */
export type MatrixSampling = 'per-example' | 'exact';

/** A description of how to corrupt the training labels. */
export type NoiseSpec =
  | { type: 'none' }
  | { type: 'symmetric'; rate: number; convention?: SymmetricConvention }
  | { type: 'asymmetric'; rate: number; preset?: string }
  | { type: 'pair'; rate: number }
  | { type: 'matrix'; matrix: number[][]; sampling?: MatrixSampling }
  | { type: 'file'; path: string };

export const noiseTypes = ['none', 'symmetric', 'asymmetric', 'pair', 'matrix', 'file'] as const;
export type NoiseType = (typeof noiseTypes)[number];

const conventions: readonly SymmetricConvention[] = ['reference', 'uniform'];
const samplings: readonly MatrixSampling[] = ['per-example', 'exact'];

/** Largest difference from 1 allowed in a row sum of a transition matrix. */
const rowSumTolerance = 1e-6;

export interface NoiseSpecInput {
  noise?: string;
  rate?: string | number;
  /** Inline JSON (`[[0.6, 0.4], [0, 1]]`) or the path of a JSON file. */
  matrix?: string;
  labelsFile?: string;
  preset?: string;
  convention?: string;
  sampling?: string;
}

/**
 * Turns user input (command-line flags or config values) into a checked `NoiseSpec`. The
 * type defaults to `matrix` when a matrix is given, `file` when a labels file is, else
 * `none`. Throws a `UsageError` naming the faulty input.
 */
export function parseNoiseSpec(input: NoiseSpecInput): NoiseSpec {
  const type = parseNoiseType(input);
  switch (type) {
    case 'none':
      return { type };
    case 'symmetric': {
      const convention = parseChoice('symmetric noise convention', input.convention, conventions);
      const rate = parseNoiseRate(input.rate);
      return convention ? { type, rate, convention } : { type, rate };
    }
    case 'asymmetric': {
      const rate = parseNoiseRate(input.rate);
      return input.preset ? { type, rate, preset: input.preset } : { type, rate };
    }
    case 'pair':
      return { type, rate: parseNoiseRate(input.rate) };
    case 'matrix': {
      if (input.matrix === undefined) {
        throw new UsageError('noise matrix needs a transition matrix (JSON or a JSON file)');
      }
      const matrix = parseTransitionMatrix(input.matrix);
      const sampling = parseChoice('matrix sampling', input.sampling, samplings);
      return sampling ? { type, matrix, sampling } : { type, matrix };
    }
    case 'file':
      if (input.labelsFile === undefined) {
        throw new UsageError('noise file needs a labels file (JSON or CSV, one label per example)');
      }
      return { type, path: input.labelsFile };
  }
}

function parseNoiseType(input: NoiseSpecInput): NoiseType {
  if (input.noise === undefined) {
    if (input.matrix !== undefined) return 'matrix';
    if (input.labelsFile !== undefined) return 'file';
    if (input.rate !== undefined) {
      throw new UsageError(`noise rate ${input.rate} given without a noise type: choose one of ` +
        `${noiseTypes.join(', ')}`);
    }
    return 'none';
  }
  const type = noiseTypes.find((known) => known === input.noise);
  if (type === undefined) {
    throw new UsageError(`unknown noise type '${input.noise}': expected one of ` +
      `${noiseTypes.join(', ')}`);
  }
  return type;
}

/** Checks a noise rate: a number in [0, 1]. */
export function parseNoiseRate(value: string | number | undefined): number {
  if (value === undefined) throw new UsageError('noise rate is missing: give a number in [0, 1]');
  const rate = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(rate)) {
    throw new UsageError(`noise rate '${value}' is not a number: expected a number in [0, 1]`);
  }
  if (rate < 0 || rate > 1) throw new UsageError(`noise rate ${rate} is outside [0, 1]`);
  return rate;
}

function parseChoice<T extends string>(what: string, value: string | undefined,
  allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const choice = allowed.find((known) => known === value);
  if (choice === undefined) {
    throw new UsageError(`unknown ${what} '${value}': expected one of ${allowed.join(', ')}`);
  }
  return choice;
}

/**
 * Reads a transition matrix from inline JSON or a JSON file and checks it is square,
 * non-negative and row-stochastic (row = clean class, column = noisy class).
 */
export function parseTransitionMatrix(text: string): number[][] {
  const isInline = text.trim().startsWith('[');
  const source = isInline ? 'transition matrix' : `transition matrix file ${text}`;
  if (!isInline && !existsSync(text)) {
    throw new UsageError(`${source} not found (give JSON such as [[0.8,0.2],[0.3,0.7]] or a ` +
      'path to a JSON file)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(isInline ? text : readFileSync(text, 'utf8'));
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return checkTransitionMatrix(parsed, source);
}

/** Checks that a value is a square row-stochastic matrix; `source` names it in errors. */
function checkTransitionMatrix(value: unknown, source = 'transition matrix'): number[][] {
  const size = Array.isArray(value) ? value.length : 0;
  const isSquare = Array.isArray(value) && size > 0 &&
    value.every((row) => Array.isArray(row) && row.length === size);
  if (!isSquare) throw new UsageError(`${source} must be a non-empty square array of arrays`);
  const matrix = value as unknown[][];

  matrix.forEach((row, i) => row.forEach((cell, j) => {
    if (typeof cell !== 'number' || !Number.isFinite(cell) || cell < 0) {
      throw new UsageError(`${source}: cell [${i}][${j}] = ${JSON.stringify(cell)} must be a ` +
        'non-negative number');
    }
  }));
  const numbers = matrix as number[][];

  const badRow = numbers.findIndex((row) => Math.abs(sum(row) - 1) > rowSumTolerance);
  if (badRow >= 0) {
    const columnsSumToOne = numbers.every((_, j) =>
      Math.abs(sum(numbers.map((row) => row[j]!)) - 1) <= rowSumTolerance);
    const hint = columnsSumToOne
      ? '; its columns sum to 1: transpose it (rows are clean classes, columns noisy classes)'
      : ' (rows are clean classes, columns noisy classes)';
    throw new UsageError(`${source}: row ${badRow} sums to ${sum(numbers[badRow]!)}, not 1${hint}`);
  }
  return numbers;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
