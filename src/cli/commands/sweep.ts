import { join } from 'node:path';
import type { Command } from 'commander';
import { RunError, UsageError } from '../../errors.js';
import {
  parseLossList,
  parseSweepNoise,
  parseSeedList,
  readGridFile,
  resolveGrid,
  type NoiseSetting,
  type PartialSweepGrid,
  type SweepGrid,
} from '../../sweep/grid.js';
import { planRuns, trainArguments } from '../../sweep/plan.js';
import { formatProgress } from '../../sweep/progress.js';
import { sweep } from '../../sweep/sweep.js';
import type { SweepProgress, SweepSummary } from '../../sweep/scheduler.js';
import { checkTrainFlags } from './train.js';

interface SweepFlags {
  grid?: string;
  dataset?: string;
  losses?: string;
  noise?: NoiseSetting[];
  seeds?: string;
  epochs?: string;
  subset?: string;
  jobs: string;
  out: string;
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('train every loss under every noise setting and seed, one apl train run each')
    .option('--grid <file>', 'YAML grid file (dataset, losses, noise, seeds, epochs, subset)')
    .option('--dataset <name>', 'dataset of every run (default: mnist)')
    .option('--losses <list>', 'comma-separated loss names, e.g. ce,gce,nce+rce')
    .option('--noise <type:rates>', 'noise type and rates, e.g. symmetric:0,0.4 (repeatable)',
      collectNoise)
    .option('--seeds <list>', 'comma-separated seeds (default: 1)')
    .option('--epochs <n>', 'epochs of every run (default: the preset\'s)')
    .option('--subset <n>', 'train every run on a seeded subset of N training images')
    .option('--jobs <n>', 'runs at once, each in its own process', '1')
    .requiredOption('--out <dir>', 'sweep folder; finished runs in it are not run again')
    .argument('[train-flags...]', 'further flags for every apl train, after --')
    .action(async (trainFlags: string[], flags: SweepFlags) => {
      await runSweepCommand(trainFlags, flags);
    });
}

function collectNoise(spec: string, earlier: NoiseSetting[] | undefined): NoiseSetting[] {
  return [...(earlier ?? []), ...parseSweepNoise(spec)];
}

async function runSweepCommand(trainFlags: string[], flags: SweepFlags): Promise<void> {
  const fromFile = flags.grid === undefined ? {} : readGridFile(flags.grid);
  const fromFlags: PartialSweepGrid = {
    dataset: flags.dataset,
    losses: flags.losses === undefined ? undefined : parseLossList(flags.losses),
    noise: flags.noise,
    seeds: flags.seeds === undefined ? undefined : parseSeedList(flags.seeds),
    epochs: positiveInteger(flags.epochs, '--epochs'),
    subset: positiveInteger(flags.subset, '--subset'),
    trainArgs: trainFlags.length > 0 ? trainFlags : undefined,
  };
  const grid = resolveGrid(fromFile, fromFlags);
  checkEveryRun(grid, flags.out);
  const jobs = positiveInteger(flags.jobs, '--jobs') ?? 1;

  const stopper = new AbortController();
  const stop = () => {
    if (!stopper.signal.aborted) process.stderr.write('\nstopping: letting running runs save\n');
    stopper.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const line = progressLine();
  let summary: SweepSummary;
  try {
    summary = await sweep({
      grid,
      outDir: flags.out,
      jobs,
      trainCommand: [process.execPath, ...process.execArgv, process.argv[1] ?? '', 'train'],
      onProgress: line.show,
      progressIntervalMs: process.stderr.isTTY ? 1000 : undefined,
      signal: stopper.signal,
    });
  } finally {
    line.end();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  finish(summary, flags.out);
}

/**
 * Checks each run's `apl train` flags before the first run starts, so that a bad flag after
 * `--` or a loss without a preset fails the sweep at once instead of every run in turn.
 */
function checkEveryRun(grid: SweepGrid, outDir: string): void {
  for (const run of planRuns(grid)) {
    try {
      checkTrainFlags(trainArguments(grid, run, join(outDir, run.folder), false));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`run ${run.folder}: ${error.message}`);
    }
  }
}

function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`${flag} "${text}" must be a whole number of at least 1`);
  }
  return Number(text);
}

/** Shows progress on one rewritten line on a terminal, else a line whenever it changes. */
function progressLine() {
  const terminal = process.stderr.isTTY === true;
  let last = '';
  return {
    show(progress: SweepProgress) {
      const text = formatProgress(progress);
      if (terminal) {
        process.stderr.write(`\r\x1b[K${text}`);
      } else if (text.replace(/, about .* left$/, '') !== last.replace(/, about .* left$/, '')) {
        process.stderr.write(`${text}\n`);
      }
      last = text;
    },
    end() {
      if (terminal && last !== '') process.stderr.write('\n');
    },
  };
}

function finish(summary: SweepSummary, outDir: string): void {
  const total = summary.skipped.length + summary.finished.length + summary.failed.length +
    summary.interrupted.length;
  console.log(
    `sweep ${outDir}: ${summary.finished.length} runs finished now, ` +
      `${summary.skipped.length} already finished, ${summary.failed.length} failed, ` +
      `${summary.interrupted.length} not finished, of ${total}`,
  );
  for (const { run, detail } of summary.failed) console.log(`failed ${run.folder}: ${detail}`);

  if (summary.interrupted.length > 0) {
    console.log('stopped; run the same command again to continue');
    process.exit(130);
  }
  if (summary.failed.length > 0) {
    throw new RunError(
      `${summary.failed.length} runs failed (listed above); run the same command again to ` +
        'retry them',
    );
  }
}
