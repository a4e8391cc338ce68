import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { loadDataset } from '../../../src/data/load.js';
import { temporaryFolder } from './files.js';

function writeCsv(text: string): string {
  const path = join(temporaryFolder(), 'table.csv');
  writeFileSync(path, text);
  return path;
}

function assertUsageError(promise: Promise<unknown>, ...parts: (string | RegExp)[]) {
  return assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof UsageError, String(error));
    for (const part of parts) {
      if (typeof part === 'string') assert.ok(error.message.includes(part), error.message);
      else assert.match(error.message, part);
    }
    return true;
  });
}

test('a CSV table maps class names to sorted indices and keeps the features', async () => {
  const file = writeCsv('height,species,width\n1.5,setosa,2\n3,virginica,4\n5,setosa,6\n' +
    '7,versicolor,8\n');
  const dataset = await loadDataset('csv', { csv: { file, labelColumn: 'species',
    testFraction: 0 } });
  assert.deepEqual(dataset.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(dataset.train.labels), [0, 2, 0, 1]);
  assert.deepEqual(Array.from(dataset.train.inputs), [1.5, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(dataset.inputShape, [2]);
  assert.equal(dataset.test.count, 0);

  const heights = [1.5, 3, 5, 7];
  const mean = heights.reduce((a, b) => a + b) / 4;
  const std = Math.sqrt(heights.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
  assert.ok(Math.abs(dataset.normalization.mean[0]! - mean) < 1e-9);
  assert.ok(Math.abs(dataset.normalization.std[0]! - std) < 1e-6);
});

test('numeric labels are ordered as numbers and a seeded share is held out', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${[2, 10, 7][i % 3]}`);
  const file = writeCsv(`x,y\n${rows.join('\n')}\n`);
  const load = (seed: number) =>
    loadDataset('csv', { csv: { file, labelColumn: 'y', testFraction: 0.25, seed } });
  const dataset = await load(1);
  assert.deepEqual(dataset.classNames, ['2', '7', '10']);
  assert.equal(dataset.train.count, 30);
  assert.equal(dataset.test.count, 10);

  const all = [...dataset.train.inputs, ...dataset.test.inputs].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: 40 }, (_, i) => i));
  dataset.test.inputs.forEach((x, row) =>
    assert.equal(dataset.classNames[dataset.test.labels[row]!], String([2, 10, 7][x % 3])));
  assert.deepEqual(Array.from((await load(1)).test.inputs), Array.from(dataset.test.inputs));
  assert.notDeepEqual(Array.from((await load(2)).test.inputs), Array.from(dataset.test.inputs));
});

test('a separate test file must use the training file\'s columns and classes', async () => {
  const file = writeCsv('a,label\n1,cat\n2,dog\n');
  const good = writeCsv('a,label\n3,dog\n');
  const dataset = await loadDataset('csv', { csv: { file, labelColumn: 'label', testFile: good } });
  assert.deepEqual(Array.from(dataset.test.labels), [1]);

  const unknownClass = writeCsv('a,label\n3,dog\n4,bird\n');
  await assertUsageError(loadDataset('csv', { csv: { file, labelColumn: 'label',
    testFile: unknownClass } }), unknownClass, "line 3: label 'bird'");
  const otherColumns = writeCsv('b,label\n3,dog\n');
  await assertUsageError(loadDataset('csv', { csv: { file, labelColumn: 'label',
    testFile: otherColumns } }), otherColumns, /columns \[b, label\] differ/);
});

test('bad CSV input is an error naming the file, line and column', async () => {
  const file = writeCsv('a,b,label\n1,2,x\n3,oops,y\n');
  await assertUsageError(loadDataset('csv', { csv: { file, labelColumn: 'label' } }),
    file, "line 3, column 'b': 'oops' is not a number");
  await assertUsageError(loadDataset('csv', { csv: { file, labelColumn: 'class' } }),
    file, "no label column 'class'");

  const ragged = writeCsv('a,label\n1,x\n2,y,extra\n');
  await assertUsageError(loadDataset('csv', { csv: { file: ragged, labelColumn: 'label' } }),
    ragged, 'not valid CSV');
  const headerOnly = writeCsv('a,label\n');
  await assertUsageError(loadDataset('csv', { csv: { file: headerOnly, labelColumn: 'label' } }),
    headerOnly, 'at least one data row');
  await assertUsageError(loadDataset('csv', { csv: { file: `${file}.absent`,
    labelColumn: 'label' } }), `${file}.absent`, 'cannot read');
});
