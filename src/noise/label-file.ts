import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { NoiseReport } from './report.js';

/** The `format` field of a saved noisy-label file. */
const noisyLabelsFormat = 'active-passive-loss/noisy-labels@1';

/**
 * Saves noisy labels with the report that describes them, as JSON
 * `{ format, labels, report }` (written atomically), for `loadNoisyLabels` or inspection.
 */
export function saveNoisyLabels(path: string, labels: Int32Array, report: NoiseReport): void {
  const content = { format: noisyLabelsFormat, labels: Array.from(labels), report };
  try {
    writeFileAtomic(path, `${JSON.stringify(content)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write noisy labels to ${path}: ${describeWriteError(error)}`);
  }
}

/**
 * Reads one label per training example from a file: JSON (an array of labels, or an object
 * with a `labels` array, as `saveNoisyLabels` writes) or CSV (one label per line, with an
 * optional header; with several columns, the one headed `label`). Labels must be integers in
 * [0, numClasses) and there must be exactly `count` of them.
 */
export function loadNoisyLabels(path: string, numClasses: number, count: number): Int32Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the noisy-label file ` +
      `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const isJson = extname(path).toLowerCase() === '.json' || /^\s*[[{]/.test(text);
  const values = isJson ? labelsFromJson(path, text) : labelsFromCsv(path, text);

  if (values.length !== count) {
    throw new UsageError(`${path}: has ${values.length} labels, expected ${count} (one per ` +
      'training example)');
  }
  const labels = new Int32Array(count);
  values.forEach((value, i) => {
    const label = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 ||
      label >= numClasses) {
      throw new UsageError(`${path}: label ${JSON.stringify(value)} of example ${i} is not a ` +
        `class index in [0, ${numClasses})`);
    }
    labels[i] = label;
  });
  return labels;
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return 'the folder is not writable';
  }
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? (error as Error).message;
}

function labelsFromJson(path: string, text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) return parsed;
  const labels = (parsed as { labels?: unknown } | null)?.labels;
  if (!Array.isArray(labels)) {
    throw new UsageError(`${path}: expected a JSON array of labels or an object with a ` +
      '"labels" array');
  }
  return labels;
}

function labelsFromCsv(path: string, text: string): string[] {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new UsageError(`${path}: not valid CSV: ${(error as Error).message.split('\n')[0]}`);
  }
  const first = rows[0] ?? [];
  const hasHeader = first.some((field) => field === '' || !Number.isFinite(Number(field)));
  const column = hasHeader && first.length > 1 ? first.indexOf('label') : 0;
  if (column < 0 || (!hasHeader && first.length > 1)) {
    throw new UsageError(`${path}: with several columns, the labels must be in a column ` +
      "headed 'label'");
  }
  return rows.slice(hasHeader ? 1 : 0).map((row) => row[column] ?? '');
}
