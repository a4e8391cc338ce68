import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  runScheduled,
  type RunLauncher,
  type SweepProgress,
} from '../../../src/sweep/scheduler.js';
import type { PlannedRun } from '../../../src/sweep/plan.js';

function plannedRuns(count: number): PlannedRun[] {
  return Array.from({ length: count }, (_, index) => ({
    loss: `loss${index}`, noise: { type: 'symmetric', rate: 0.4 }, seed: 1, folder: `run${index}`,
  }));
}

/** A stand-in for the training process: marks its run finished after a few event-loop turns. */
function standIn(finished: Set<string>, log: string[] = []) {
  let running = 0;
  let mostAtOnce = 0;
  const launch: RunLauncher = async (run) => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    log.push(run.folder);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    finished.add(run.folder);
    running--;
    return { ok: true, detail: 'exit code 0' };
  };
  return { launch, mostAtOnce: () => mostAtOnce };
}

test('runs go at most `jobs` at a time, in order, and all finish', async () => {
  const finished = new Set<string>();
  const log: string[] = [];
  const standInRun = standIn(finished, log);
  const runs = plannedRuns(5);
  const summary = await runScheduled({
    runs, jobs: 2, launch: standInRun.launch, isFinished: (run) => finished.has(run.folder),
  });
  assert.equal(standInRun.mostAtOnce(), 2);
  assert.deepEqual(log, ['run0', 'run1', 'run2', 'run3', 'run4']);
  assert.equal(summary.finished.length, 5);
  assert.deepEqual(summary.failed, []);
});

test('finished runs are skipped, not run again', async () => {
  const finished = new Set(['run0', 'run2']);
  const log: string[] = [];
  const summary = await runScheduled({
    runs: plannedRuns(4), jobs: 1, launch: standIn(finished, log).launch,
    isFinished: (run) => finished.has(run.folder),
  });
  assert.deepEqual(log, ['run1', 'run3']);
  assert.deepEqual(summary.skipped.map((run) => run.folder), ['run0', 'run2']);
  assert.deepEqual(summary.finished.map((run) => run.folder), ['run1', 'run3']);
});

test('a failed run is recorded with its reason and the others go on', async () => {
  const finished = new Set<string>();
  const launch: RunLauncher = async (run) => {
    if (run.folder === 'run0') return { ok: false, detail: 'exit code 1: apl: loss became NaN' };
    if (run.folder === 'run1') return { ok: true, detail: 'exit code 0' };
    if (run.folder === 'run2') throw new Error('spawn node ENOENT');
    finished.add(run.folder);
    return { ok: true, detail: 'exit code 0' };
  };
  const summary = await runScheduled({
    runs: plannedRuns(4), jobs: 2, launch, isFinished: (run) => finished.has(run.folder),
  });
  assert.deepEqual(summary.finished.map((run) => run.folder), ['run3']);
  assert.deepEqual(summary.failed.map(({ run, detail }) => [run.folder, detail]), [
    ['run0', 'exit code 1: apl: loss became NaN'],
    ['run1', 'it ended without writing result.json'],
    ['run2', 'spawn node ENOENT'],
  ]);
});

test('an interruption stops the running runs and starts no new ones', async () => {
  const stopper = new AbortController();
  const started: string[] = [];
  const launch: RunLauncher = (run, signal) => new Promise((resolve) => {
    started.push(run.folder);
    signal.addEventListener('abort', () => resolve({ ok: false, detail: 'stopped by SIGINT' }));
    if (started.length === 2) stopper.abort();
  });
  const summary = await runScheduled({
    runs: plannedRuns(5), jobs: 2, launch, isFinished: () => false, signal: stopper.signal,
  });
  assert.deepEqual(started, ['run0', 'run1']);
  assert.deepEqual(summary.failed, []);
  assert.deepEqual(summary.interrupted.map((run) => run.folder).sort(),
    ['run0', 'run1', 'run2', 'run3', 'run4']);
});

test('progress counts runs and estimates the time left from run durations', async () => {
  let clock = 0;
  const finished = new Set<string>();
  const launch: RunLauncher = async (run) => {
    await Promise.resolve();
    clock += 10_000;
    finished.add(run.folder);
    return { ok: true, detail: 'exit code 0' };
  };
  const updates: SweepProgress[] = [];
  finished.add('run0');
  await runScheduled({
    runs: plannedRuns(4), jobs: 1, launch, isFinished: (run) => finished.has(run.folder),
    earlierDurations: [30], onProgress: (progress) => updates.push(progress), now: () => clock,
  });

  assert.deepEqual(updates[0], {
    total: 4, done: 1, skipped: 1, running: 0, failed: 0, secondsLeft: 90,
  });
  const afterFirstRun = updates.find((update) => update.done === 2 && update.running === 0);
  assert.equal(afterFirstRun?.secondsLeft, 20, 'two runs left at the 10 s measured now');
  assert.deepEqual(updates.at(-1), {
    total: 4, done: 4, skipped: 1, running: 0, failed: 0, secondsLeft: 0,
  });
});

test('with no duration known, the time left is unknown', async () => {
  const updates: SweepProgress[] = [];
  await runScheduled({
    runs: plannedRuns(1), jobs: 1, isFinished: () => false,
    launch: async () => ({ ok: false, detail: 'exit code 1' }),
    onProgress: (progress) => updates.push(progress),
  });
  assert.ok(updates.every((update) => update.secondsLeft === null));
  assert.equal(updates.at(-1)?.failed, 1);
});
