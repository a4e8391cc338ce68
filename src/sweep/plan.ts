import { join } from 'node:path';
import { formatRate, type NoiseSetting, type SweepGrid } from './grid.js';

/** One `apl train` run of a sweep, with the folder (relative to the sweep's) it writes. */
export interface PlannedRun {
  loss: string;
  noise: NoiseSetting;
  seed: number;
  folder: string;
}

/** The folder of one run inside a sweep folder: `<loss>/<noise type>-<rate>/seed-<seed>`. */
export function runFolderName(loss: string, noise: NoiseSetting, seed: number): string {
  return join(loss, `${noise.type}-${formatRate(noise.rate)}`, `seed-${seed}`);
}

/**
 * Every run of a grid, seeds outermost: a sweep stopped part-way has the whole table
 * for its first seeds rather than every seed of its first losses.
 */
export function planRuns(grid: SweepGrid): PlannedRun[] {
  return grid.seeds.flatMap((seed) =>
    grid.noise.flatMap((noise) =>
      grid.losses.map((loss) => ({ loss, noise, seed, folder: runFolderName(loss, noise, seed) })),
    ),
  );
}

/**
 * The flags of `apl train` for one run. A run folder that holds a checkpoint from an
 * earlier, stopped attempt is continued with `--resume`.
 */
export function trainArguments(
  grid: SweepGrid,
  run: PlannedRun,
  outDir: string,
  resume: boolean,
): string[] {
  const args = [
    '--dataset', grid.dataset,
    '--loss', run.loss,
    '--noise', run.noise.type,
    '--rate', String(run.noise.rate),
    '--seed', String(run.seed),
  ];
  if (grid.epochs !== undefined) args.push('--epochs', String(grid.epochs));
  if (grid.subset !== undefined) args.push('--subset', String(grid.subset));
  args.push('--out', outDir);
  if (resume) args.push('--resume');
  return [...args, ...grid.trainArgs];
}
