import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from '../../../src/sweep/sweep.js';
import { parseSweepNoise, resolveGrid } from '../../../src/sweep/grid.js';
import { formatDuration, formatProgress } from '../../../src/sweep/progress.js';
import type { RunLauncher } from '../../../src/sweep/scheduler.js';
import { buildReport } from '../../../src/report/report.js';
import { writeFinishedRun } from '../report/run-folders.js';

const grid = resolveGrid({}, {
  losses: ['ce', 'gce'], noise: parseSweepNoise('symmetric:0.2,0.6'), seeds: [1, 2], epochs: 1,
});

/** Stands in for `apl train`: writes the run's folder as training would, or fails if told. */
function standInTrain(outDir: string, launched: string[], failing: Set<string>): RunLauncher {
  return async (run) => {
    launched.push(run.folder);
    if (failing.has(run.folder)) return { ok: false, detail: 'exit code 1: apl: boom' };
    writeFinishedRun(outDir, {
      loss: run.loss, noise: run.noise, seed: run.seed, finalTestAccuracy: 0.5 + run.noise.rate / 4,
    });
    return { ok: true, detail: 'exit code 0' };
  };
}

test('a sweep skips finished runs and retries failed ones on the next call', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'apl-sweep-'));
  const launched: string[] = [];
  const failing = new Set([join('gce', 'symmetric-0.6', 'seed-1')]);
  const options = { grid, outDir, jobs: 2, trainCommand: [] };

  const first = await sweep({ ...options, launch: standInTrain(outDir, launched, failing) });
  assert.equal(launched.length, 8);
  assert.equal(first.finished.length, 7);
  assert.deepEqual(first.failed.map(({ run }) => run.folder), [...failing]);
  assert.ok(existsSync(join(outDir, 'sweep.json')));

  launched.length = 0;
  failing.clear();
  const second = await sweep({ ...options, launch: standInTrain(outDir, launched, failing) });
  assert.deepEqual(launched, [join('gce', 'symmetric-0.6', 'seed-1')]);
  assert.equal(second.skipped.length, 7);
  assert.equal(second.finished.length, 1);

  launched.length = 0;
  await sweep({ ...options, launch: standInTrain(outDir, launched, failing) });
  assert.deepEqual(launched, []);

  const table = buildReport(outDir).table;
  assert.ok(table.rows.every((row) => row.cells.every((cell) => cell.n === 2)));
});

test('a folder with a live sweep in it is refused; a lock left by a dead one is taken over',
  async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'apl-sweep-'));
    const lock = join(outDir, '.sweep.lock');
    const launched: string[] = [];
    const options = { grid, outDir, jobs: 1, trainCommand: [] };

    writeFileSync(lock, `${process.ppid}\n`);
    await assert.rejects(
      sweep({ ...options, launch: standInTrain(outDir, launched, new Set()) }),
      new RegExp(`another sweep \\(process ${process.ppid}\\) is running`),
    );
    assert.deepEqual(launched, []);

    const beyondAnyProcessId = 2 ** 22 + 1;
    writeFileSync(lock, `${beyondAnyProcessId}\n`);
    const summary = await sweep({ ...options, launch: standInTrain(outDir, launched, new Set()) });
    assert.equal(summary.finished.length, 8);
    assert.ok(!existsSync(lock), 'the lock is released at the end');
  });

test('--jobs must be a whole number of at least 1', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'apl-sweep-'));
  await assert.rejects(sweep({ grid, outDir, jobs: 0, trainCommand: [] }), /--jobs 0/);
});

test('the progress line gives done, running, failed and the time left', () => {
  assert.equal(
    formatProgress({ total: 48, done: 12, skipped: 4, running: 2, failed: 1, secondsLeft: 3900 }),
    'runs 12/48 done (4 from before), 2 running, 1 failed, about 1h 05m left',
  );
  assert.equal(
    formatProgress({ total: 4, done: 0, skipped: 0, running: 1, failed: 0, secondsLeft: null }),
    'runs 0/4 done, 1 running, 0 failed, time left unknown until a run ends',
  );
  assert.equal(formatDuration(45.4), '45s');
  assert.equal(formatDuration(725), '12m 05s');
});
