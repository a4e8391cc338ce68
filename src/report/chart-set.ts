import type { TopLevelSpec } from 'vega-lite';
import { formatRate } from '../sweep/grid.js';
import {
  accuracyPerEpochChart,
  accuracyVersusNoiseChart,
  perClassAccuracyChart,
} from './charts.js';
import type { Report } from './reporters/base.js';
import type { FinishedRun } from './runs.js';

/** One chart of a report, with a file name for when it is saved on its own. */
export interface ReportChart {
  kind: 'noise' | 'epochs' | 'per-class';
  /** For example `accuracy-per-epoch-symmetric-0.8.svg`. */
  fileName: string;
  spec: TopLevelSpec;
  /** The run a per-class chart is about. */
  run?: FinishedRun;
}

/**
 * The charts a report shows: test accuracy against noise rate for each noise type of
 * the table, test accuracy per epoch for each chosen setting that has a history, and
 * per-class accuracy for each chosen run that recorded it.
 */
export function reportCharts(report: Report): ReportChart[] {
  const noiseTypes = [...new Set(report.table.columns.map((column) => column.noise.type))];
  const noiseCharts = noiseTypes.map((type): ReportChart => ({
    kind: 'noise',
    fileName: `accuracy-vs-${type}-noise.svg`,
    spec: accuracyVersusNoiseChart(report.table, type),
  }));

  const curveSettings = report.curveSettings.filter((noise) =>
    report.runs.some((run) => run.result.noise.type === noise.type &&
      run.result.noise.rate === noise.rate && run.history.length > 0));
  const epochCharts = curveSettings.map((noise): ReportChart => ({
    kind: 'epochs',
    fileName: `accuracy-per-epoch-${noise.type}-${formatRate(noise.rate)}.svg`,
    spec: accuracyPerEpochChart(report.runs, noise),
  }));

  const perClassRuns = report.perClassRuns.filter((run) => run.result.perClassTestAccuracy);
  const perClassCharts = perClassRuns.map((run): ReportChart => {
    const { loss, noise, seed } = run.result;
    return {
      kind: 'per-class',
      fileName: `per-class-${loss.name}-${noise.type}-${formatRate(noise.rate)}-seed-${seed}.svg`,
      spec: perClassAccuracyChart(run),
      run,
    };
  });
  return [...noiseCharts, ...epochCharts, ...perClassCharts];
}
