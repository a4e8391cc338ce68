import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';
import { Random } from '../random/rng.js';
import type { CsvLoadOptions, Dataset, Split } from './types.js';

interface CsvTable {
  path: string;
  header: string[];
  /** Data rows with their line numbers in the file (1-based, the header is line 1). */
  rows: { line: number; fields: string[] }[];
}

/**
 * Loads a table of numeric features and one label column (chosen by its header name). The
 * label values become classes 0..K-1 in sorted order (numeric when all are numbers); that
 * mapping is `classNames`. The test part is `testFile` or a seeded `testFraction` of `file`.
 * Normalisation statistics are the training features' mean and standard deviation.
 */
export function loadCsvDataset(options: CsvLoadOptions): Dataset {
  const trainTable = readCsvTable(options.file);
  const labelIndex = trainTable.header.indexOf(options.labelColumn);
  if (labelIndex < 0) {
    throw new UsageError(`${options.file}: no label column '${options.labelColumn}' (columns: ` +
      `${trainTable.header.join(', ')})`);
  }
  const testTable = options.testFile === undefined ? undefined : readCsvTable(options.testFile);
  if (testTable && testTable.header.join(',') !== trainTable.header.join(',')) {
    throw new UsageError(`${testTable.path}: columns [${testTable.header.join(', ')}] differ ` +
      `from the training file's [${trainTable.header.join(', ')}]`);
  }

  const classNames = sortedClassNames(trainTable.rows.map((row) => row.fields[labelIndex]!));
  const train = tableToSplit(trainTable, labelIndex, classNames);
  const [trainSplit, testSplit] = testTable
    ? [train, tableToSplit(testTable, labelIndex, classNames)]
    : holdOut(train, options.testFraction ?? 0.2, options.seed ?? 0, options.file);

  const featureCount = trainTable.header.length - 1;
  return {
    name: 'csv',
    inputShape: [featureCount],
    numClasses: classNames.length,
    classNames,
    train: trainSplit,
    test: testSplit,
    normalization: featureStatistics(trainSplit, featureCount),
  };
}

function readCsvTable(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the CSV file (${(error as Error).message})`);
  }
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new UsageError(`${path}: not valid CSV: ${(error as Error).message.split('\n')[0]}`);
  }
  const [header, ...data] = records;
  if (header === undefined || data.length === 0) {
    throw new UsageError(`${path}: expected a header line and at least one data row`);
  }
  return { path, header, rows: data.map((fields, i) => ({ line: i + 2, fields })) };
}

/** The distinct labels in index order: numeric order when all are numbers, else text order. */
function sortedClassNames(values: string[]): string[] {
  const distinct = [...new Set(values)];
  const allNumeric = distinct.every((value) => value !== '' && Number.isFinite(Number(value)));
  return allNumeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

function tableToSplit(table: CsvTable, labelIndex: number, classNames: string[]): Split {
  const classIndex = new Map(classNames.map((name, index) => [name, index]));
  const featureCount = table.header.length - 1;
  const inputs = new Float32Array(table.rows.length * featureCount);
  const labels = new Int32Array(table.rows.length);

  table.rows.forEach(({ line, fields }, row) => {
    const label = classIndex.get(fields[labelIndex]!);
    if (label === undefined) {
      throw new UsageError(`${table.path}: line ${line}: label '${fields[labelIndex]}' is not ` +
        `one of the training file's ${classNames.length} classes`);
    }
    labels[row] = label;
    let feature = 0;
    fields.forEach((field, column) => {
      if (column === labelIndex) return;
      const value = Number(field);
      if (field === '' || !Number.isFinite(value)) {
        throw new UsageError(`${table.path}: line ${line}, column '${table.header[column]}': ` +
          `'${field}' is not a number (feature columns must be numeric)`);
      }
      inputs[row * featureCount + feature++] = value;
    });
  });
  return { inputs, labels, count: table.rows.length };
}

function holdOut(split: Split, testFraction: number, seed: number, path: string): [Split, Split] {
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new UsageError(`CSV test fraction ${testFraction} is outside [0, 1)`);
  }
  const testCount = Math.round(split.count * testFraction);
  if (split.count - testCount < 1) {
    throw new UsageError(`${path}: too few rows (${split.count}) to hold out a test part`);
  }
  const order = Random.fromSeed(seed)
    .shuffle(Int32Array.from({ length: split.count }, (_, i) => i));
  const testIndices = order.subarray(0, testCount).sort();
  const trainIndices = order.subarray(testCount).sort();
  return [pickRows(split, trainIndices), pickRows(split, testIndices)];
}

function pickRows(split: Split, indices: Int32Array): Split {
  const width = split.count === 0 ? 0 : split.inputs.length / split.count;
  const inputs = new Float32Array(indices.length * width);
  const labels = new Int32Array(indices.length);
  indices.forEach((index, row) => {
    inputs.set(split.inputs.subarray(index * width, (index + 1) * width), row * width);
    labels[row] = split.labels[index]!;
  });
  return { inputs, labels, count: indices.length };
}

function featureStatistics(split: Split, featureCount: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(featureCount).fill(0);
  const squares = new Array<number>(featureCount).fill(0);
  for (let row = 0; row < split.count; row++) {
    for (let f = 0; f < featureCount; f++) {
      const value = split.inputs[row * featureCount + f]!;
      mean[f]! += value;
      squares[f]! += value * value;
    }
  }
  const std = mean.map((sum, f) => {
    const average = sum / split.count;
    const variance = squares[f]! / split.count - average * average;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean: mean.map((sum) => sum / split.count), std };
}
