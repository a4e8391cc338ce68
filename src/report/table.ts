import { UsageError } from '../errors.js';
import { formatRate, type NoiseSetting, type SweepGrid } from '../sweep/grid.js';
import type { FinishedRun } from './runs.js';

/** Which accuracy of each run the table shows: last epoch (the paper's) or best epoch. */
export type Metric = 'final' | 'best';
export const metrics: readonly Metric[] = ['final', 'best'];

/** Mean, sample standard deviation and count of some values. */
export interface Summary {
  /** Null when there are no values: a missing cell, not a zero. */
  mean: number | null;
  /** The sample standard deviation (divisor n - 1); null for fewer than two values. */
  std: number | null;
  n: number;
}

/** One cell of the table: the runs of one loss under one noise setting, over seeds. */
export interface TableCell extends Summary {
  /** The seeds whose runs finished. */
  seeds: number[];
  /** How many seeds the sweep asked for, or null when no sweep record says. */
  expected: number | null;
  /** Whether this is the highest mean of its column. */
  best: boolean;
}

export interface TableColumn {
  noise: NoiseSetting;
  /** The heading, for example `symmetric 0.4`. */
  label: string;
}

export interface TableRow {
  loss: string;
  /** One cell per column, in the columns' order. */
  cells: TableCell[];
}

/** Losses against noise settings, each cell a summary over seeds. Accuracies are fractions. */
export interface ResultTable {
  dataset: string;
  metric: Metric;
  columns: TableColumn[];
  rows: TableRow[];
}

/** Mean and sample standard deviation; an empty list gives nulls and n = 0. */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { mean: null, std: null, n };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { mean, std: null, n };
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (n - 1)), n };
}

export interface TableOptions {
  metric: Metric;
  /** The sweep's grid: its losses and settings are rows and columns even with no run. */
  expected?: SweepGrid;
  /** Which dataset to tabulate when the runs cover several. */
  dataset?: string;
}

/** The column heading of a noise setting. */
export function noiseLabel(noise: NoiseSetting): string {
  return `${noise.type} ${formatRate(noise.rate)}`;
}

/**
 * Tabulates finished runs: rows are losses, columns noise settings, each cell the
 * chosen accuracy summarized over seeds, with the best mean of each column marked.
 * Losses and settings of the expected grid come first, in its order, whether or not
 * any of their runs finished; a cell without runs is missing (mean null, n 0).
 */
export function buildResultTable(runs: readonly FinishedRun[], options: TableOptions): ResultTable {
  const dataset = chooseDataset(runs, options);
  const selected = runs.filter((run) => run.result.dataset === dataset);
  rejectDuplicateRuns(selected);

  const grid = options.expected?.dataset === dataset ? options.expected : undefined;
  const foundLosses = selected.map((run) => run.result.loss.name).sort();
  const losses = orderedUnion(grid?.losses ?? [], foundLosses);
  const settings = orderedUnion(
    (grid?.noise ?? []).map(noiseKey),
    selected.map((run) => run.result.noise).sort(compareNoise).map(noiseKey),
  );
  const expectedCells = new Set((grid?.losses ?? []).flatMap((loss) =>
    (grid?.noise ?? []).map((noise) => cellKey(loss, noiseKey(noise)))));

  const rows: TableRow[] = losses.map((loss) => ({
    loss,
    cells: settings.map((setting) => {
      const cellRuns = selected
        .filter((run) => run.result.loss.name === loss && noiseKey(run.result.noise) === setting)
        .sort((a, b) => a.result.seed - b.result.seed);
      const values = cellRuns.map((run) => accuracyOf(run, options.metric));
      return {
        ...summarize(values),
        seeds: cellRuns.map((run) => run.result.seed),
        expected: expectedCells.has(cellKey(loss, setting)) ? (grid?.seeds.length ?? null) : null,
        best: false,
      };
    }),
  }));
  markBestOfEachColumn(rows);

  const columns = settings.map((key) => {
    const noise = parseNoiseKey(key);
    return { noise, label: noiseLabel(noise) };
  });
  return { dataset, metric: options.metric, columns, rows };
}

/** The accuracy of a run that a metric names. */
export function accuracyOf(run: FinishedRun, metric: Metric): number {
  return metric === 'final' ? run.result.finalTestAccuracy : run.result.bestTestAccuracy;
}

function chooseDataset(runs: readonly FinishedRun[], options: TableOptions): string {
  const datasets = [...new Set(runs.map((run) => run.result.dataset))].sort();
  if (options.dataset !== undefined) {
    if (!datasets.includes(options.dataset) && options.expected?.dataset !== options.dataset) {
      throw new UsageError(
        `--dataset ${options.dataset}: no runs of it here; found ${datasets.join(', ') || 'none'}`,
      );
    }
    return options.dataset;
  }
  if (datasets.length > 1) {
    throw new UsageError(`the runs cover ${datasets.join(', ')}; choose one with --dataset`);
  }
  const only = datasets[0] ?? options.expected?.dataset;
  if (only === undefined) throw new UsageError('no finished runs found and no sweep record');
  return only;
}

function rejectDuplicateRuns(runs: readonly FinishedRun[]): void {
  const seen = new Map<string, string>();
  for (const run of runs) {
    const cell = cellKey(run.result.loss.name, noiseKey(run.result.noise));
    const key = `${cell} seed ${run.result.seed}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new UsageError(
        `${earlier} and ${run.folder} are both ${key.replace('|', ' under ')}; ` +
          'report one sweep folder at a time',
      );
    }
    seen.set(key, run.folder);
  }
}

function markBestOfEachColumn(rows: TableRow[]): void {
  const columnCount = rows[0]?.cells.length ?? 0;
  for (let column = 0; column < columnCount; column++) {
    const cells = rows.flatMap((row) => row.cells[column] ?? []);
    const means = cells.flatMap((cell) => (cell.mean === null ? [] : [cell.mean]));
    if (means.length === 0) continue;
    const top = Math.max(...means);
    for (const cell of cells) cell.best = cell.mean !== null && top - cell.mean < 1e-12;
  }
}

const noiseTypeOrder = ['none', 'symmetric', 'pair', 'asymmetric'];

function compareNoise(a: NoiseSetting, b: NoiseSetting): number {
  const rank = (type: string) => {
    const index = noiseTypeOrder.indexOf(type);
    return index === -1 ? noiseTypeOrder.length : index;
  };
  return rank(a.type) - rank(b.type) || a.type.localeCompare(b.type) || a.rate - b.rate;
}

function noiseKey(noise: NoiseSetting): string {
  return `${noise.type}:${noise.rate}`;
}

function parseNoiseKey(key: string): NoiseSetting {
  const [type = '', rate = '0'] = key.split(':');
  return { type, rate: Number(rate) };
}

function cellKey(loss: string, setting: string): string {
  return `${loss}|${setting}`;
}

function orderedUnion(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}
