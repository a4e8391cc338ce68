import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { reportCharts } from './chart-set.js';
import { renderSvg } from './charts.js';
import { UsageError } from '../errors.js';
import type { NoiseSetting } from '../sweep/grid.js';
import { readManifest } from '../sweep/manifest.js';
import { compareTables, readReferenceTable } from './compare.js';
import type { ChartImage, Report, ReportFormat } from './reporters/base.js';
import { reporters } from './reporters/index.js';
import { gatherRuns, type FinishedRun } from './runs.js';
import { buildResultTable, type Metric } from './table.js';

export interface ReportOptions {
  /** Last-epoch (the paper's) or best-epoch test accuracy. Default: final. */
  metric?: Metric;
  /** The dataset to tabulate when the folder has runs of several. */
  dataset?: string;
  /** A CSV file of another table to put beside ours. */
  compare?: string;
  /** Settings whose accuracy per epoch is plotted; default: each noise type's highest rate. */
  curveSettings?: NoiseSetting[];
  /**
   * Run folders (relative to the sweep folder) whose per-class accuracy is plotted;
   * default: the run whose worst class lies farthest below its overall accuracy.
   */
  perClass?: string[];
}

/**
 * Gathers the runs under a sweep folder (or any folder of run folders) into a report:
 * the table of losses against noise settings, with the sweep's grid (its `sweep.json`)
 * deciding which cells are expected, and the runs for the charts.
 */
export function buildReport(root: string, options: ReportOptions = {}): Report {
  const gathered = gatherRuns(root);
  const expected = readManifest(root);
  if (gathered.finished.length === 0 && expected === undefined) {
    throw new UsageError(
      `${root} holds no finished runs and no sweep record (sweep.json); give a sweep folder`,
    );
  }
  const table = buildResultTable(gathered.finished, {
    metric: options.metric ?? 'final',
    expected,
    dataset: options.dataset,
  });
  const runs = gathered.finished.filter((run) => run.result.dataset === table.dataset);
  const report: Report = {
    root,
    table,
    runs,
    unfinished: gathered.unfinished,
    curveSettings: options.curveSettings ??
      highestRateOfEachType(table.columns.map((column) => column.noise)),
    perClassRuns: options.perClass === undefined
      ? mostHiddenClassFailure(runs)
      : options.perClass.map((folder) => findRun(root, runs, folder)),
  };
  if (options.compare !== undefined) {
    report.comparison = compareTables(table, readReferenceTable(options.compare));
  }
  return report;
}

/** The report as the text of one format. */
export async function renderReport(report: Report, format: ReportFormat): Promise<string> {
  return reporters[format].render(report);
}

/**
 * Saves each chart of the report as an SVG file in `chartDir` and returns the images
 * with paths relative to `linkFrom` (the folder of the document that shows them).
 */
export async function writeChartFiles(report: Report, chartDir: string, linkFrom: string):
  Promise<ChartImage[]> {
  try {
    mkdirSync(chartDir, { recursive: true });
  } catch {
    throw new UsageError(`--charts ${chartDir} cannot be created; choose a writable folder`);
  }
  const images: ChartImage[] = [];
  for (const chart of reportCharts(report)) {
    const path = join(chartDir, chart.fileName);
    writeFileAtomic(path, await renderSvg(chart.spec));
    const title = typeof chart.spec.title === 'string' ? chart.spec.title : chart.fileName;
    images.push({ title, path: relative(linkFrom, path) });
  }
  return images;
}

function highestRateOfEachType(settings: NoiseSetting[]): NoiseSetting[] {
  const highest = new Map<string, NoiseSetting>();
  for (const noise of settings) {
    const current = highest.get(noise.type);
    if (current === undefined || noise.rate > current.rate) highest.set(noise.type, noise);
  }
  return [...highest.values()];
}

/** The run whose worst class is farthest below its overall accuracy (none if no run has them). */
function mostHiddenClassFailure(runs: FinishedRun[]): FinishedRun[] {
  let chosen: FinishedRun | undefined;
  let largestGap = -Infinity;
  for (const run of runs) {
    const perClass = run.result.perClassTestAccuracy;
    if (perClass === undefined || perClass.length === 0) continue;
    const gap = run.result.finalTestAccuracy - Math.min(...perClass);
    if (gap > largestGap) {
      largestGap = gap;
      chosen = run;
    }
  }
  return chosen === undefined ? [] : [chosen];
}

function findRun(root: string, runs: FinishedRun[], folder: string): FinishedRun {
  const wanted = relative(resolve(root), resolve(root, folder)) || '.';
  const run = runs.find((candidate) => candidate.folder === wanted);
  if (run === undefined) {
    throw new UsageError(
      `--per-class ${folder}: no finished run in ${join(root, wanted)}; ` +
        'give a run folder relative to the sweep folder, e.g. nce+rce/asymmetric-0.4/seed-1',
    );
  }
  return run;
}
