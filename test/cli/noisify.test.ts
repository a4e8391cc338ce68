import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load.js';
import { applyNoise } from '../../src/noise/apply.js';
import { loadNoisyLabels } from '../../src/noise/label-file.js';
import { runCli } from './run-cli.js';

function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'apl-noisify-'));
}

/** Runs `apl noisify ...args` expecting exit 2 with one line on stderr matching `pattern`. */
function assertUsageFailure(args: string[], pattern: RegExp): void {
  const result = runCli(['noisify', ...args]);
  assert.equal(result.status, 2, `exit ${result.status}, stderr: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^apl: /);
  assert.match(lines[0]!, pattern);
  assert.equal(result.stdout, '');
}

test('noisify prints the JSON report and writes the same labels as the library', async () => {
  const out = join(temporaryFolder(), 'noisy.json');
  const result = runCli(['noisify', '--dataset', 'mnist', '--noise', 'symmetric', '--rate', '0.4',
    '--seed', '1', '--out', out, '--json']);
  assert.equal(result.status, 0, result.stderr);

  const report = JSON.parse(result.stdout);
  assert.equal(report.requestedRate, 0.4);
  assert.equal(report.actualRate, 0.4);
  assert.equal(report.perClass.clean.reduce((a: number, b: number) => a + b), 60_000);
  assert.equal(report.perClass.noisy.reduce((a: number, b: number) => a + b), 60_000);
  assert.equal(report.transitionMatrix.length, 10);
  const flippedPerClass = Math.floor(Math.floor(0.4 * 60_000) / 10);
  report.transitionMatrix.forEach((row: number[], i: number) => assert.ok(
    Math.abs(row[i]! - (1 - flippedPerClass / report.perClass.clean[i])) < 1e-12));

  const mnist = await loadDataset('mnist');
  const expected = applyNoise(mnist, { type: 'symmetric', rate: 0.4 }, 1).labels;
  assert.deepEqual(loadNoisyLabels(out, 10, 60_000), expected);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).report.seed, 1);
});

test('noisify prints a readable report by default', () => {
  const result = runCli(['noisify', '--noise', 'asymmetric', '--rate', '0.2', '--seed', '3']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout,
    /noise: asymmetric \(preset reference, sampling per-example\), seed 3/);
  assert.match(result.stdout, /requested rate 0\.2000/);
  assert.match(result.stdout, /row = clean class, column = noisy class/);
});

test('noisify works on a CSV table and reports the class mapping', () => {
  const folder = temporaryFolder();
  const file = join(folder, 'table.csv');
  const levels = ['low', 'mid', 'high'];
  const rows = Array.from({ length: 60 }, (_, i) => `${i},${i % 2},${levels[i % 3]}`);
  writeFileSync(file, `a,b,level\n${rows.join('\n')}\n`);
  const result = runCli(['noisify', '--dataset', 'csv', '--csv-file', file, '--label-column',
    'level', '--test-fraction', '0', '--noise', 'symmetric', '--rate', '0.5', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.classNames, ['high', 'low', 'mid']);
  assert.deepEqual(report.perClass.clean, [20, 20, 20]);
  assert.equal(report.changed, 30);
});

test('bad noise settings exit 2 with one line naming the input', () => {
  assertUsageFailure(['--noise', 'symmetric', '--rate', '-0.1'], /noise rate -0.1 is outside/);
  assertUsageFailure(['--noise', 'symmetric', '--rate', '1.5'], /noise rate 1.5 is outside/);
  assertUsageFailure(['--noise', 'symmetric', '--rate', 'abc'], /noise rate 'abc' is not a number/);
  assertUsageFailure(['--dataset', 'fashion-mnist', '--noise', 'asymmetric', '--rate', '0.2'],
    /fashion-mnist has no asymmetric noise preset/);
  assertUsageFailure(['--noise', 'matrix', '--matrix', '[[0.5,0.4],[0,1]]'],
    /row 0 sums to 0.9, not 1/);
  assertUsageFailure(['--noise', 'symmetric', '--rate', '0.2', '--seed', '1.5'],
    /--seed '1.5' is not an integer/);
  assertUsageFailure(['--dataset', 'imagenet'], /unknown dataset 'imagenet'/);
});

test('bad data files and folders exit 2 with one line naming the file', () => {
  const folder = temporaryFolder();
  const missing = join(folder, 'absent');
  assertUsageFailure(['--dataset', 'cifar10', '--data-dir', missing, '--noise', 'none'],
    new RegExp(`data folder ${missing} does not exist`));

  const truncated = join(folder, 'cifar');
  mkdirSync(truncated);
  for (const name of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4',
    'data_batch_5', 'test_batch']) {
    writeFileSync(join(truncated, `${name}.bin`), new Uint8Array(3073 * 2 - 1));
  }
  assertUsageFailure(['--dataset', 'cifar10', '--data-dir', truncated, '--noise', 'none'],
    /data_batch_1\.bin: wrong size 6145 bytes/);

  const labels = join(folder, 'labels.csv');
  const values = Array.from({ length: 60_000 }, (_, i) => (i === 5 ? 10 : 1));
  writeFileSync(labels, `${values.join('\n')}\n`);
  assertUsageFailure(['--noise', 'file', '--labels-file', labels],
    /labels\.csv: label "10" of example 5 is not a class index in \[0, 10\)/);
});

test('an output folder that cannot be written exits 2 and leaves no file', () => {
  const folder = temporaryFolder();
  const out = join(folder, 'absent', 'noisy.json');
  assertUsageFailure(['--noise', 'pair', '--rate', '0.1', '--out', out],
    /cannot write noisy labels to .*: its folder does not exist/);
  assert.equal(existsSync(out), false);

  if (process.getuid?.() === 0) return; // root writes into read-only folders
  const readOnly = join(folder, 'read-only');
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o500);
  assertUsageFailure(['--noise', 'pair', '--rate', '0.1', '--out', join(readOnly, 'x.json')],
    /not writable/);
});
