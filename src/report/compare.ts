import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { NoiseSetting } from '../sweep/grid.js';
import type { ResultTable } from './table.js';

/** A cell of another table: a mean accuracy and, when given, its standard deviation. */
export interface ReferenceCell {
  mean: number;
  std: number | null;
}

/** Another table of accuracies (fractions), keyed by loss and noise setting. */
export interface ReferenceTable {
  source: string;
  cells: Map<string, ReferenceCell>;
}

/** Their value for one of our cells, and ours minus theirs (null where ours is missing). */
export interface ComparedCell {
  reference: ReferenceCell;
  difference: number | null;
}

/** Our table beside another: for each of our cells, theirs and ours minus theirs. */
export interface Comparison {
  source: string;
  /** Indexed like the table's rows and cells; null where the other table has no value. */
  cells: (ComparedCell | null)[][];
  /** Losses and settings of the other table that ours does not have. */
  unmatched: string[];
}

const noiseTypes = ['symmetric', 'asymmetric', 'pair', 'none'];

/**
 * Reads another table from CSV, in either of two shapes:
 * - wide: a `loss` column, then one column per noise setting headed `symmetric 0.4`
 *   (or `symmetric:0.4`), cells `99.15 ± 0.05`, `99.15+-0.05` or `99.15`;
 * - long, as `apl report --format csv` writes: columns `loss,noise,rate,mean,std`.
 * Empty cells are missing. When any value is above 1, all are read as percentages.
 */
export function readReferenceTable(path: string): ReferenceTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--compare ${path} cannot be read; check the path`);
  }
  const [header, ...records] = parseCsv(text).filter((record) => record.some((f) => f !== ''));
  if (header === undefined) throw new UsageError(`--compare ${path} is empty`);
  const columns = header.map((name) => name.trim().toLowerCase());
  if (columns[0] !== 'loss') {
    throw new UsageError(`--compare ${path}: the first column must be "loss", not "${header[0]}"`);
  }

  const entries = ['noise', 'rate', 'mean'].every((name) => columns.includes(name))
    ? readLongTable(columns, records, path)
    : readWideTable(header, records, path);
  const inPercent = entries.some(([, cell]) => cell.mean > 1 || (cell.std ?? 0) > 1);
  const scale = inPercent ? 0.01 : 1;
  const cells = new Map(entries.map(([key, cell]) => [key, {
    mean: cell.mean * scale,
    std: cell.std === null ? null : cell.std * scale,
  }]));
  return { source: path, cells };
}

/** Puts another table beside ours, cell by cell. */
export function compareTables(table: ResultTable, reference: ReferenceTable): Comparison {
  const used = new Set<string>();
  const cells = table.rows.map((row) =>
    table.columns.map((column) => {
      const key = referenceKey(row.loss, column.noise);
      const cell = reference.cells.get(key);
      if (cell === undefined) return null;
      used.add(key);
      const ours = row.cells[table.columns.indexOf(column)]?.mean ?? null;
      return { reference: cell, difference: ours === null ? null : ours - cell.mean };
    }),
  );
  const unmatched = [...reference.cells.keys()].filter((key) => !used.has(key))
    .map((key) => key.replace('|', ' under '));
  return { source: reference.source, cells, unmatched };
}

function readLongTable(columns: string[], records: string[][], path: string) {
  const at = (record: string[], name: string) => record[columns.indexOf(name)]?.trim() ?? '';
  return records.flatMap((record, index): [string, ReferenceCell][] => {
    const where = `--compare ${path} line ${index + 2}`;
    const mean = at(record, 'mean');
    if (mean === '') return [];
    const noise = { type: at(record, 'noise'), rate: readNumber(at(record, 'rate'), where) };
    const std = at(record, 'std');
    const cell = { mean: readNumber(mean, where), std: std === '' ? null : readNumber(std, where) };
    return [[referenceKey(at(record, 'loss'), noise), cell]];
  });
}

function readWideTable(header: string[], records: string[][], path: string) {
  const settings = header.slice(1).map((heading) => readHeading(heading, path));
  return records.flatMap((record, index) => {
    const loss = record[0]?.trim() ?? '';
    return settings.flatMap((noise, column): [string, ReferenceCell][] => {
      const text = record[column + 1]?.trim() ?? '';
      if (text === '') return [];
      const cell = readCell(text, `--compare ${path} line ${index + 2}`);
      return [[referenceKey(loss, noise), cell]];
    });
  });
}

function readHeading(heading: string, path: string): NoiseSetting {
  const match = /^\s*([a-z]+)[\s:_-]+([0-9.]+)\s*$/i.exec(heading);
  const type = match?.[1]?.toLowerCase();
  if (match === null || type === undefined || !noiseTypes.includes(type)) {
    throw new UsageError(
      `--compare ${path}: column "${heading}" is not a noise setting like "symmetric 0.4"`,
    );
  }
  return { type, rate: readNumber(match[2] ?? '', `--compare ${path} column "${heading}"`) };
}

function readCell(text: string, where: string): ReferenceCell {
  const [mean = '', std, ...rest] = text.split(/±|\+-|\+\/-/).map((part) => part.trim());
  if (rest.length > 0) throw new UsageError(`${where}: "${text}" is not "mean ± std"`);
  return { mean: readNumber(mean, where), std: std === undefined ? null : readNumber(std, where) };
}

function readNumber(text: string, where: string): number {
  const value = Number(text.replace(/%$/, ''));
  if (text === '' || !Number.isFinite(value)) {
    throw new UsageError(`${where}: "${text}" is not a number`);
  }
  return value;
}

function referenceKey(loss: string, noise: NoiseSetting): string {
  return `${loss.toLowerCase()}|${noise.type} ${noise.rate}`;
}

/** Splits CSV text into records of fields; fields may be quoted with `"` (`""` inside). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      records.push([...record, field.replace(/\r$/, '')]);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
