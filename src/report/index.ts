export { buildReport, renderReport, writeChartFiles } from './report.js';
export type { ReportOptions } from './report.js';
export { gatherRuns, readFinishedRun } from './runs.js';
export type { FinishedRun, GatheredRuns, RecordedEpoch, RunResult } from './runs.js';
export { accuracyOf, buildResultTable, metrics, noiseLabel, summarize } from './table.js';
export type {
  Metric,
  ResultTable,
  Summary,
  TableCell,
  TableColumn,
  TableOptions,
  TableRow,
} from './table.js';
export { compareTables, readReferenceTable } from './compare.js';
export type { ComparedCell, Comparison, ReferenceCell, ReferenceTable } from './compare.js';
export {
  accuracyPerEpochChart,
  accuracyVersusNoiseChart,
  perClassAccuracyChart,
  renderSvg,
} from './charts.js';
export { reportFormats } from './reporters/base.js';
export type { ChartImage, Report, ReportFormat, Reporter } from './reporters/base.js';
export { reportCharts } from './chart-set.js';
export type { ReportChart } from './chart-set.js';
export { reporters } from './reporters/index.js';
