import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { SweepGrid } from './grid.js';

/** The file in a sweep folder that records the grid it was started with. */
export const manifestFileName = 'sweep.json';

const manifestSchema = z.object({
  dataset: z.string(),
  losses: z.array(z.string()),
  noise: z.array(z.object({ type: z.string(), rate: z.number() })),
  seeds: z.array(z.number().int()),
  epochs: z.number().int().optional(),
  subset: z.number().int().optional(),
  trainArgs: z.array(z.string()),
});

/** The grid recorded in a sweep folder, or undefined when the folder has none. */
export function readManifest(sweepDir: string): SweepGrid | undefined {
  const path = join(sweepDir, manifestFileName);
  if (!existsSync(path)) return undefined;
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new UsageError(`${path} is not a sweep record; remove it or choose another folder`);
  }
}

/**
 * Records a grid in its sweep folder. When the folder already holds a sweep, the
 * grids must train the same way (dataset, epochs, subset, extra flags), since finished
 * runs are reused; losses, noise settings and seeds are added to the recorded ones.
 * Returns the grid now recorded.
 */
export function recordManifest(sweepDir: string, grid: SweepGrid): SweepGrid {
  const previous = readManifest(sweepDir);
  const recorded = previous === undefined ? grid : extendGrid(previous, grid, sweepDir);
  writeFileAtomic(join(sweepDir, manifestFileName), `${JSON.stringify(recorded, null, 2)}\n`);
  return recorded;
}

function extendGrid(previous: SweepGrid, grid: SweepGrid, sweepDir: string): SweepGrid {
  const fixed = (value: SweepGrid) =>
    JSON.stringify([value.dataset, value.epochs ?? null, value.subset ?? null, value.trainArgs]);
  if (fixed(previous) !== fixed(grid)) {
    throw new UsageError(
      `${sweepDir} holds a sweep with ${describeTraining(previous)}, not ` +
        `${describeTraining(grid)}; give the same settings to continue it, or another --out`,
    );
  }
  return {
    ...grid,
    losses: union(previous.losses, grid.losses, (loss) => loss),
    noise: union(previous.noise, grid.noise, (setting) => `${setting.type}:${setting.rate}`),
    seeds: union(previous.seeds, grid.seeds, String),
  };
}

function describeTraining(grid: SweepGrid): string {
  const parts = [
    `dataset ${grid.dataset}`,
    `epochs ${grid.epochs ?? 'from the preset'}`,
    `subset ${grid.subset ?? 'none'}`,
  ];
  if (grid.trainArgs.length > 0) parts.push(`train flags "${grid.trainArgs.join(' ')}"`);
  return parts.join(', ');
}

function union<T>(first: T[], second: T[], key: (item: T) => string): T[] {
  const seen = new Set(first.map(key));
  return [...first, ...second.filter((item) => !seen.has(key(item)))];
}
