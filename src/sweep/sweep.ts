import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { childProcessLauncher } from './child.js';
import type { SweepGrid } from './grid.js';
import { lockSweepFolder } from './lock.js';
import { recordManifest } from './manifest.js';
import { planRuns, trainArguments, type PlannedRun } from './plan.js';
import {
  runScheduled,
  type RunLauncher,
  type SweepProgress,
  type SweepSummary,
} from './scheduler.js';

export interface SweepOptions {
  grid: SweepGrid;
  /** The sweep folder: one run folder per combination, and the grid record. */
  outDir: string;
  /** How many runs go at once, each in its own process. */
  jobs: number;
  /** How to start `apl train`, for example `[process.execPath, 'dist/cli/main.js', 'train']`. */
  trainCommand: string[];
  onProgress?: (progress: SweepProgress) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** Starts runs some other way than as `trainCommand` processes. */
  launch?: RunLauncher;
}

/**
 * Trains every combination of the grid that has no result yet in `outDir`, each with
 * `apl train` in its own folder (`<loss>/<noise>-<rate>/seed-<seed>`, output in the
 * `.log` file beside it). Runs with a checkpoint from an earlier attempt resume it.
 * Failed runs are listed in the summary and are tried again by the next call. Only one
 * sweep at a time may run in a folder.
 */
export async function sweep(options: SweepOptions): Promise<SweepSummary> {
  if (!Number.isInteger(options.jobs) || options.jobs < 1) {
    throw new UsageError(`--jobs ${options.jobs} must be a whole number of at least 1`);
  }
  const outDir = resolve(options.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch {
    throw new UsageError(`--out ${options.outDir} cannot be created; choose a writable folder`);
  }
  const release = lockSweepFolder(outDir);
  try {
    recordManifest(outDir, options.grid);
    return await runGrid(options, outDir);
  } finally {
    release();
  }
}

async function runGrid(options: SweepOptions, outDir: string): Promise<SweepSummary> {
  const runs = planRuns(options.grid);
  const folderOf = (run: PlannedRun) => join(outDir, run.folder);
  const launch = options.launch ?? childProcessLauncher({
    command: options.trainCommand,
    argumentsFor: (run) =>
      trainArguments(options.grid, run, folderOf(run), hasCheckpoint(folderOf(run))),
    logPathFor: (run) => `${folderOf(run)}.log`,
  });

  return runScheduled({
    runs,
    jobs: options.jobs,
    launch,
    isFinished: (run) => readFinishedResult(folderOf(run)) !== undefined,
    earlierDurations: runs.flatMap((run) => readFinishedResult(folderOf(run))?.seconds ?? []),
    onProgress: options.onProgress,
    progressIntervalMs: options.progressIntervalMs,
    signal: options.signal,
  });
}

function hasCheckpoint(runDir: string): boolean {
  return existsSync(join(runDir, 'checkpoint.json'));
}

/**
 * The result of a finished run folder, with its training seconds when recorded; or
 * undefined when the folder has no finished result (missing, unreadable, not finished).
 */
function readFinishedResult(runDir: string): { seconds?: number } | undefined {
  const path = join(runDir, 'result.json');
  if (!existsSync(path)) return undefined;
  try {
    const result = JSON.parse(readFileSync(path, 'utf8')) as {
      status?: unknown;
      seconds?: unknown;
    };
    if (result.status !== 'finished') return undefined;
    return typeof result.seconds === 'number' ? { seconds: result.seconds } : {};
  } catch {
    return undefined;
  }
}
