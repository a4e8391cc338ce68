export { sweep } from './sweep.js';
export type { SweepOptions } from './sweep.js';
export {
  formatRate,
  parseLossList,
  parseSeedList,
  parseSweepNoise,
  readGridFile,
  resolveGrid,
  sweepNoiseTypes,
} from './grid.js';
export type { NoiseSetting, PartialSweepGrid, SweepGrid, SweepNoiseType } from './grid.js';
export { planRuns, runFolderName, trainArguments } from './plan.js';
export type { PlannedRun } from './plan.js';
export { manifestFileName, readManifest, recordManifest } from './manifest.js';
export { runScheduled } from './scheduler.js';
export type {
  FailedRun,
  RunLauncher,
  RunOutcome,
  ScheduleOptions,
  SweepProgress,
  SweepSummary,
} from './scheduler.js';
export { childProcessLauncher } from './child.js';
export type { ChildProcessLauncherOptions } from './child.js';
export { formatDuration, formatProgress } from './progress.js';
