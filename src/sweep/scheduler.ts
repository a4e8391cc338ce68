import type { PlannedRun } from './plan.js';

/** How one launched run ended: `ok` when its process succeeded; `detail` says how not. */
export interface RunOutcome {
  ok: boolean;
  detail: string;
}

/** Starts one run and settles when it ends; it must stop the run when `signal` aborts. */
export type RunLauncher = (run: PlannedRun, signal: AbortSignal) => Promise<RunOutcome>;

/** Where a sweep stands: counts of runs and an estimate of the time left. */
export interface SweepProgress {
  total: number;
  /** Runs finished, including those finished by an earlier call. */
  done: number;
  /** Runs found finished when the sweep started, so not run again. */
  skipped: number;
  running: number;
  failed: number;
  /** Seconds until every run has ended, or null until a run's duration is known. */
  secondsLeft: number | null;
}

export interface FailedRun {
  run: PlannedRun;
  detail: string;
}

export interface SweepSummary {
  skipped: PlannedRun[];
  finished: PlannedRun[];
  failed: FailedRun[];
  /** Runs stopped or never started because the sweep was interrupted. */
  interrupted: PlannedRun[];
}

export interface ScheduleOptions {
  runs: PlannedRun[];
  /** How many runs go at once. */
  jobs: number;
  launch: RunLauncher;
  /** Whether a run has its result: such runs are skipped, and a launch must produce it. */
  isFinished: (run: PlannedRun) => boolean;
  /** Durations in seconds of runs finished earlier, for the first estimates. */
  earlierDurations?: number[];
  onProgress?: (progress: SweepProgress) => void;
  /** Also report progress this often (milliseconds), so the time left counts down. */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** The clock in milliseconds. */
  now?: () => number;
}

/**
 * Runs every run that is not finished yet, `jobs` at a time, in the given order. A run
 * whose launch fails, or succeeds without producing its result, is recorded as failed
 * and the sweep goes on. When `signal` aborts, running runs are stopped (by their
 * launcher) and no new ones start.
 */
export async function runScheduled(options: ScheduleOptions): Promise<SweepSummary> {
  const now = options.now ?? Date.now;
  const signal = options.signal ?? new AbortController().signal;
  const skipped = options.runs.filter((run) => options.isFinished(run));
  const pending = options.runs.filter((run) => !options.isFinished(run));
  const summary: SweepSummary = { skipped, finished: [], failed: [], interrupted: [] };
  const startTimes = new Map<PlannedRun, number>();
  const durationsNow: number[] = [];

  const report = () =>
    options.onProgress?.({
      total: options.runs.length,
      done: skipped.length + summary.finished.length,
      skipped: skipped.length,
      running: startTimes.size,
      failed: summary.failed.length,
      secondsLeft: estimateSecondsLeft(),
    });

  const estimateSecondsLeft = (): number | null => {
    const durations = durationsNow.length > 0 ? durationsNow : (options.earlierDurations ?? []);
    if (durations.length === 0) return null;
    const average = durations.reduce((sum, seconds) => sum + seconds, 0) / durations.length;
    const runningLeft = [...startTimes.values()]
      .map((start) => Math.max(average - (now() - start) / 1000, 0))
      .reduce((sum, seconds) => sum + seconds, 0);
    return (pending.length * average + runningLeft) / Math.max(options.jobs, 1);
  };

  const runOne = async (run: PlannedRun) => {
    const start = now();
    startTimes.set(run, start);
    report();
    const outcome = await launchSafely(options.launch, run, signal);
    startTimes.delete(run);

    if (options.isFinished(run)) {
      summary.finished.push(run);
      durationsNow.push((now() - start) / 1000);
    } else if (signal.aborted) {
      summary.interrupted.push(run);
    } else {
      const detail = outcome.ok ? 'it ended without writing result.json' : outcome.detail;
      summary.failed.push({ run, detail });
    }
    report();
  };

  const worker = async () => {
    for (let run = pending.shift(); run !== undefined; run = pending.shift()) {
      if (signal.aborted) {
        summary.interrupted.push(run);
        continue;
      }
      await runOne(run);
    }
  };

  const timer = options.progressIntervalMs === undefined
    ? undefined
    : setInterval(report, options.progressIntervalMs);
  timer?.unref();
  report();
  try {
    await Promise.all(Array.from({ length: Math.max(options.jobs, 1) }, worker));
  } finally {
    if (timer !== undefined) clearInterval(timer);
  }
  return summary;
}

async function launchSafely(
  launch: RunLauncher,
  run: PlannedRun,
  signal: AbortSignal,
): Promise<RunOutcome> {
  try {
    return await launch(run, signal);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
