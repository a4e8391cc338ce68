import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';

const accuracy = z.number().min(0).max(1);

const resultSchema = z.looseObject({
  status: z.literal('finished'),
  dataset: z.string(),
  model: z.string().optional(),
  loss: z.looseObject({ name: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
  noise: z.looseObject({
    type: z.string(),
    rate: z.number(),
    actualRate: z.number().nullable().optional(),
  }),
  seed: z.number().int(),
  epochs: z.number().int(),
  subset: z.number().int().nullable().optional(),
  finalTestAccuracy: accuracy,
  bestTestAccuracy: accuracy,
  bestEpoch: z.number().int().optional(),
  perClassTestAccuracy: z.array(accuracy).optional(),
  confusionMatrix: z.array(z.array(z.number())).optional(),
  seconds: z.number().optional(),
});

const epochSchema = z.looseObject({
  epoch: z.number().int(),
  testAccuracy: accuracy,
  trainLoss: z.number().optional(),
  trainAccuracy: z.number().optional(),
  testLoss: z.number().optional(),
});

/** The `result.json` of a finished `apl train` run (the fields the report reads). */
export type RunResult = z.infer<typeof resultSchema>;

/** One line of a run's `history.jsonl`. */
export type RecordedEpoch = z.infer<typeof epochSchema>;

/** A run folder with its result and its per-epoch history. */
export interface FinishedRun {
  /** The folder relative to the folder the runs were gathered from. */
  folder: string;
  result: RunResult;
  history: RecordedEpoch[];
}

export interface GatheredRuns {
  finished: FinishedRun[];
  /** Folders of runs that started (they have a config.yaml) but have no result. */
  unfinished: string[];
}

/**
 * Finds the run folders under `root` (at any depth): a folder with `result.json` is a
 * finished run, one with only `config.yaml` an unfinished or failed one. A result
 * that does not read as a finished run is an error naming its file.
 */
export function gatherRuns(root: string): GatheredRuns {
  if (!existsSync(root)) throw new UsageError(`${root} does not exist; give a sweep or run folder`);
  if (!statSync(root).isDirectory()) {
    throw new UsageError(`${root} is a file, not a folder; give a sweep or run folder`);
  }
  const gathered: GatheredRuns = { finished: [], unfinished: [] };
  visit(root, root, gathered);
  gathered.finished.sort((a, b) => a.folder.localeCompare(b.folder));
  gathered.unfinished.sort();
  return gathered;
}

function visit(root: string, dir: string, gathered: GatheredRuns): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  const names = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
  if (names.has('result.json')) {
    gathered.finished.push(readFinishedRun(root, dir));
    return;
  }
  if (names.has('config.yaml')) {
    gathered.unfinished.push(relative(root, dir) || '.');
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      visit(root, join(dir, entry.name), gathered);
    }
  }
}

/** Reads one finished run folder (`result.json` and, when present, `history.jsonl`). */
export function readFinishedRun(root: string, dir: string): FinishedRun {
  const resultPath = join(dir, 'result.json');
  const result = parseWith(resultSchema, readJson(resultPath), resultPath);
  const historyPath = join(dir, 'history.jsonl');
  const history = existsSync(historyPath) ? readHistory(historyPath) : [];
  return { folder: relative(root, dir) || '.', result, history };
}

function readHistory(path: string): RecordedEpoch[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => parseWith(epochSchema, parseJson(line, `${path} line ${index + 1}`),
      `${path} line ${index + 1}`));
}

function readJson(path: string): unknown {
  return parseJson(readFileSync(path, 'utf8'), path);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${where} is not valid JSON`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`${where} is not a finished run's record (${field}${issue?.message})`);
  }
  return parsed.data;
}
