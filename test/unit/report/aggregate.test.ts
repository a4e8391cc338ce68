import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatherRuns } from '../../../src/report/runs.js';
import { buildResultTable, summarize } from '../../../src/report/table.js';
import { UsageError } from '../../../src/errors.js';
import type { SweepGrid } from '../../../src/sweep/grid.js';
import { writeFinishedRun, writeStartedRun } from './run-folders.js';

const sym = (rate: number) => ({ type: 'symmetric', rate });
const asym = (rate: number) => ({ type: 'asymmetric', rate });

function close(actual: number | null, expected: number) {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
}

test('summarize gives the mean and the sample standard deviation (divisor n - 1)', () => {
  const summary = summarize([0.9, 0.92, 0.94]);
  close(summary.mean, 0.92);
  close(summary.std, 0.02);
  assert.equal(summary.n, 3);

  const two = summarize([0.5, 0.7]);
  close(two.std, Math.sqrt(0.02));
});

test('summarize of one value has no deviation, and of none is missing rather than zero', () => {
  assert.deepEqual(summarize([0.81]), { mean: 0.81, std: null, n: 1 });
  assert.deepEqual(summarize([]), { mean: null, std: null, n: 0 });
});

function sweepFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'apl-aggregate-'));
  for (const [seed, accuracy] of [[1, 0.9], [2, 0.92], [3, 0.94]] as const) {
    writeFinishedRun(root, { loss: 'ce', noise: sym(0.4), seed, finalTestAccuracy: accuracy,
      bestTestAccuracy: accuracy + 0.05 });
    writeFinishedRun(root, { loss: 'nce+rce', noise: sym(0.4), seed,
      finalTestAccuracy: accuracy + 0.05 });
  }
  writeFinishedRun(root, { loss: 'ce', noise: asym(0.4), seed: 1, finalTestAccuracy: 0.7 });
  writeFinishedRun(root, { loss: 'ce', noise: asym(0.4), seed: 3, finalTestAccuracy: 0.8 });
  writeStartedRun(root, { loss: 'ce', noise: asym(0.4), seed: 2 });
  writeStartedRun(root, { loss: 'nce+rce', noise: asym(0.4), seed: 1 });
  return root;
}

const grid: SweepGrid = {
  dataset: 'mnist', losses: ['nce+rce', 'ce'], noise: [sym(0.4), asym(0.4)], seeds: [1, 2, 3],
  trainArgs: [],
};

test('gatherRuns separates finished run folders from started ones', () => {
  const gathered = gatherRuns(sweepFolder());
  assert.equal(gathered.finished.length, 8);
  assert.deepEqual(gathered.unfinished, [
    join('ce', 'asymmetric-0.4', 'seed-2'),
    join('nce+rce', 'asymmetric-0.4', 'seed-1'),
  ]);
  const firstFolder = join('ce', 'symmetric-0.4', 'seed-1');
  const first = gathered.finished.find((run) => run.folder === firstFolder);
  assert.deepEqual(first?.history.map((epoch) => epoch.testAccuracy), [0.9]);
});

test('the table summarizes each cell over seeds and marks the best of each column', () => {
  const table = buildResultTable(gatherRuns(sweepFolder()).finished,
    { metric: 'final', expected: grid });

  assert.deepEqual(table.rows.map((row) => row.loss), ['nce+rce', 'ce']);
  assert.deepEqual(table.columns.map((column) => column.label),
    ['symmetric 0.4', 'asymmetric 0.4']);
  const [robust, ce] = table.rows;
  const robustSym = robust!.cells[0]!;
  close(robustSym.mean, 0.97);
  close(robustSym.std, 0.02);
  assert.equal(robustSym.n, 3);
  assert.equal(robustSym.expected, 3);
  assert.equal(robustSym.best, true);
  assert.equal(ce!.cells[0]!.best, false);

  const ceAsym = ce!.cells[1]!;
  close(ceAsym.mean, 0.75);
  close(ceAsym.std, Math.sqrt(0.005));
  assert.deepEqual(ceAsym.seeds, [1, 3]);
  assert.equal(ceAsym.best, true);
});

test('a cell without finished runs is missing (null, n = 0), not zero', () => {
  const table = buildResultTable(gatherRuns(sweepFolder()).finished,
    { metric: 'final', expected: grid });
  const missing = table.rows[0]!.cells[1]!;
  assert.equal(missing.mean, null);
  assert.equal(missing.std, null);
  assert.equal(missing.n, 0);
  assert.equal(missing.best, false);
});

test('the best metric takes each run\'s best-epoch accuracy', () => {
  const table = buildResultTable(gatherRuns(sweepFolder()).finished,
    { metric: 'best', expected: grid });
  close(table.rows[1]!.cells[0]!.mean, 0.97);
});

test('without a sweep record, rows and columns come from the runs found', () => {
  const table = buildResultTable(gatherRuns(sweepFolder()).finished, { metric: 'final' });
  assert.deepEqual(table.rows.map((row) => row.loss), ['ce', 'nce+rce']);
  assert.deepEqual(table.columns.map((column) => column.label),
    ['symmetric 0.4', 'asymmetric 0.4']);
  assert.equal(table.rows[0]!.cells[0]!.expected, null);
  assert.equal(table.rows[1]!.cells[1]!.mean, null);
});

test('two runs of the same loss, setting and seed are refused, naming both folders', () => {
  const root = sweepFolder();
  writeFinishedRun(join(root, 'again'),
    { loss: 'ce', noise: sym(0.4), seed: 1, finalTestAccuracy: 0.5 });
  assert.throws(
    () => buildResultTable(gatherRuns(root).finished, { metric: 'final' }),
    (error: Error) => error instanceof UsageError && /again.*seed-1/.test(error.message),
  );
});

test('runs of several datasets need a choice of dataset', () => {
  const root = sweepFolder();
  writeFinishedRun(join(root, 'cifar'), { loss: 'ce', noise: sym(0.4), seed: 1,
    finalTestAccuracy: 0.5, dataset: 'cifar10' });
  const runs = gatherRuns(root).finished;
  assert.throws(() => buildResultTable(runs, { metric: 'final' }), /cifar10, mnist.*--dataset/);
  const cifar = buildResultTable(runs, { metric: 'final', dataset: 'cifar10' });
  assert.deepEqual(cifar.rows.map((row) => row.cells.map((cell) => cell.mean)), [[0.5]]);
});

test('a result.json that is not a finished run is an error naming the file', () => {
  const root = mkdtempSync(join(tmpdir(), 'apl-aggregate-'));
  const dir = writeFinishedRun(root,
    { loss: 'ce', noise: sym(0.2), seed: 1, finalTestAccuracy: 0.9 });
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ status: 'finished', dataset: 'mnist' }));
  assert.throws(() => gatherRuns(root), (error: Error) =>
    error instanceof UsageError && error.message.includes(join(dir, 'result.json')));
});
