import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

const lockFileName = '.sweep.lock';

/**
 * Claims a sweep folder for this process, so that two sweeps never train the same run at
 * once. A lock left by a process that no longer exists is taken over. Returns the release.
 */
export function lockSweepFolder(sweepDir: string): () => void {
  const path = join(sweepDir, lockFileName);
  if (!tryCreate(path)) {
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new UsageError(
        `another sweep (process ${holder}) is running in ${sweepDir}; wait for it or stop it`,
      );
    }
    writeFileSync(path, `${process.pid}\n`);
  }
  return () => rmSync(path, { force: true });
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
