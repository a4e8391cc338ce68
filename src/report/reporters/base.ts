import type { NoiseSetting } from '../../sweep/grid.js';
import type { ComparedCell, Comparison } from '../compare.js';
import type { FinishedRun } from '../runs.js';
import type { ResultTable, TableCell } from '../table.js';

/** Everything a reporter may show, gathered from one sweep folder. */
export interface Report {
  /** The folder the runs were gathered from. */
  root: string;
  table: ResultTable;
  comparison?: Comparison;
  /** The finished runs of the table's dataset. */
  runs: FinishedRun[];
  /** Folders of runs without a result (unfinished or failed). */
  unfinished: string[];
  /** Noise settings whose test accuracy per epoch is plotted. */
  curveSettings: NoiseSetting[];
  /** Runs whose per-class test accuracy is plotted. */
  perClassRuns: FinishedRun[];
  /** Charts saved as SVG files, for the Markdown report to link (paths relative to it). */
  chartImages?: ChartImage[];
}

export interface ChartImage {
  title: string;
  path: string;
}

export const reportFormats = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Turns a report into the text of one output format. */
export interface Reporter {
  readonly format: ReportFormat;
  render(report: Report): string | Promise<string>;
}

/** What the table's numbers are, for titles: `last-epoch test accuracy`. */
export function metricTitle(report: Report): string {
  return report.table.metric === 'final' ? 'last-epoch test accuracy' : 'best-epoch test accuracy';
}

/** An accuracy fraction as a percentage with two decimals: `98.91`. */
export function percent(value: number): string {
  return (value * 100).toFixed(2);
}

/** A cell as text in percent: `98.91 ± 0.12`, `98.91` for one seed, `missing` for none. */
export function cellText(cell: TableCell): string {
  if (cell.mean === null) return 'missing';
  return cell.std === null ? percent(cell.mean) : `${percent(cell.mean)} ± ${percent(cell.std)}`;
}

/** `(2/3)` when fewer seeds finished than the sweep asked for, else empty. */
export function shortfallText(cell: TableCell): string {
  return cell.expected !== null && cell.n < cell.expected ? ` (${cell.n}/${cell.expected})` : '';
}

/** A difference of accuracies in percentage points with its sign: `+0.31`, `-1.20`. */
export function differenceText(difference: number): string {
  const points = (difference * 100).toFixed(2);
  return difference >= 0 ? `+${points}` : points;
}

/** The sentence that explains how to read the table. */
export function tableLegend(report: Report): string {
  const seeds = [...new Set(report.runs.map((run) => run.result.seed))].length;
  return `Cells are ${metricTitle(report)} in percent, mean ± sample standard deviation over ` +
    `seeds (${seeds} seed${seeds === 1 ? '' : 's'} found); the best of each column is marked; ` +
    '(n/m) means n of m seeds finished; "missing" means no run finished.';
}

/** A line on how the runs were trained, from their results: epochs and subset. */
export function protocolText(report: Report): string {
  const epochs = [...new Set(report.runs.map((run) => run.result.epochs))].sort((a, b) => a - b);
  const subsets = [...new Set(report.runs.map((run) => run.result.subset ?? null))];
  const subsetText = subsets.map((subset) => (subset === null ? 'all' : String(subset)));
  return `${report.table.dataset}, ${report.runs.length} finished runs, epochs ` +
    `${epochs.join(', ') || 'none'}, training images: ${subsetText.join(', ') || 'none'}`;
}

/** A compared cell: `98.91 / 99.15 (-0.24)`, ours / theirs (difference); `–` where none. */
export function comparedCellText(
  cell: TableCell,
  compared: ComparedCell | null | undefined,
): string {
  const ours = cell.mean === null ? 'missing' : percent(cell.mean);
  if (compared === null || compared === undefined) return `${ours} / –`;
  const theirs = percent(compared.reference.mean);
  if (compared.difference === null) return `${ours} / ${theirs}`;
  return `${ours} / ${theirs} (${differenceText(compared.difference)})`;
}
