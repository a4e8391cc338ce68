import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { applyNoise } from '../../../src/noise/apply.js';
import { loadNoisyLabels, saveNoisyLabels } from '../../../src/noise/label-file.js';
import { temporaryFolder } from '../data/files.js';
import { labelDataset } from './datasets.js';

function writeLabels(name: string, text: string): string {
  const path = join(temporaryFolder(), name);
  writeFileSync(path, text);
  return path;
}

function assertUsageError(action: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(action, (error: Error) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.ok(error.message.includes(path), error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('saved noisy labels load again, and as a noise file reproduce the report', () => {
  const dataset = labelDataset('mnist', 10, 30);
  const { labels, report } = applyNoise(dataset, { type: 'symmetric', rate: 0.5 }, 8);
  const path = join(temporaryFolder(), 'noisy.json');
  saveNoisyLabels(path, labels, report);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).report, report);
  assert.deepEqual(loadNoisyLabels(path, 10, 300), labels);

  const replay = applyNoise(dataset, { type: 'file', path }, 0);
  assert.deepEqual(replay.labels, labels);
  assert.equal(replay.report.actualRate, report.actualRate);
  assert.deepEqual(replay.report.transitionMatrix, report.transitionMatrix);
  assert.equal(replay.report.labelsFile, path);
});

test('labels load from a JSON array and from CSV with or without a header', () => {
  const expected = Int32Array.from([2, 0, 1]);
  assert.deepEqual(loadNoisyLabels(writeLabels('a.json', '[2, 0, 1]'), 3, 3), expected);
  assert.deepEqual(loadNoisyLabels(writeLabels('b.csv', '2\n0\n1\n'), 3, 3), expected);
  assert.deepEqual(loadNoisyLabels(writeLabels('c.csv', 'label\n2\n0\n1\n'), 3, 3),
    Int32Array.from([2, 0, 1]));
  assert.deepEqual(loadNoisyLabels(writeLabels('d.csv', 'id,label\n7,2\n8,0\n9,1\n'), 3, 3),
    Int32Array.from([2, 0, 1]));
});

test('a label file of the wrong length or with an unknown class is an error', () => {
  const short = writeLabels('short.json', '[1, 2]');
  assertUsageError(() => loadNoisyLabels(short, 3, 3), short, /has 2 labels, expected 3/);
  const outside = writeLabels('outside.csv', '1\n3\n0\n');
  assertUsageError(() => loadNoisyLabels(outside, 3, 3), outside,
    /label "3" of example 1 is not a class index in \[0, 3\)/);
  const negative = writeLabels('negative.json', '{"labels": [0, -1, 2]}');
  assertUsageError(() => loadNoisyLabels(negative, 3, 3), negative, /label -1 of example 1/);
  const fractional = writeLabels('fractional.json', '[0, 1.5, 2]');
  assertUsageError(() => loadNoisyLabels(fractional, 3, 3), fractional, /label 1.5/);
  const columns = writeLabels('columns.csv', 'a,b\n1,2\n');
  assertUsageError(() => loadNoisyLabels(columns, 3, 1), columns, /headed 'label'/);
  const broken = writeLabels('broken.json', '{"labels": [0,');
  assertUsageError(() => loadNoisyLabels(broken, 3, 1), broken, /not valid JSON/);
  const missing = join(temporaryFolder(), 'absent.json');
  assertUsageError(() => loadNoisyLabels(missing, 3, 1), missing, /cannot read/);
});

test('saving into a missing folder is a usage error and writes nothing', () => {
  const dataset = labelDataset('mnist', 10, 1);
  const { labels, report } = applyNoise(dataset, { type: 'none' }, 1);
  const path = join(temporaryFolder(), 'absent', 'noisy.json');
  assertUsageError(() => saveNoisyLabels(path, labels, report), path, /folder does not exist/);
  assert.equal(existsSync(path), false);
});
