import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { readCifar100File, readCifar10Batch } from '../../../src/data/cifar.js';
import { loadDataset } from '../../../src/data/load.js';
import { cifarRecord, concatBytes, temporaryFolder } from './files.js';

function writeCifar10Folder(folder: string, recordsPerFile: number): void {
  const names = ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5',
    'test_batch'];
  names.forEach((name, file) => {
    const records = Array.from({ length: recordsPerFile }, (_, r) =>
      cifarRecord([(file + r) % 10], file * 10 + r));
    writeFileSync(join(folder, `${name}.bin`), concatBytes(records));
  });
}

test('a CIFAR-10 batch is read into HWC bytes with its labels', () => {
  const path = join(temporaryFolder(), 'data_batch_1.bin');
  writeFileSync(path, concatBytes([cifarRecord([3], 0), cifarRecord([9], 100)]));
  const batch = readCifar10Batch(path);
  assert.equal(batch.count, 2);
  assert.deepEqual(Array.from(batch.labels), [3, 9]);

  for (const [image, seed] of [[0, 0], [1, 100]] as const) {
    for (const pixel of [0, 1, 33, 1023]) {
      for (let channel = 0; channel < 3; channel++) {
        const value = batch.images[image * 3072 + pixel * 3 + channel];
        assert.equal(value, (pixel + 7 * channel + seed) % 256);
      }
    }
  }
});

test('a CIFAR-100 file gives fine labels and superclasses', () => {
  const path = join(temporaryFolder(), 'train.bin');
  writeFileSync(path, concatBytes([cifarRecord([4, 72], 0), cifarRecord([19, 99], 1)]));
  const records = readCifar100File(path);
  assert.deepEqual(Array.from(records.labels), [72, 99]);
  assert.deepEqual(Array.from(records.coarseLabels ?? []), [4, 19]);
  assert.equal(records.images[3072 + 5 * 3 + 2], (5 + 14 + 1) % 256);
});

test('a truncated CIFAR file is an error naming the file and the record size', () => {
  const folder = temporaryFolder();
  const path = join(folder, 'test_batch.bin');
  writeFileSync(path, concatBytes([cifarRecord([1], 0), cifarRecord([2], 0)]).subarray(0, 5000));
  assert.throws(() => readCifar10Batch(path), (error: Error) => error instanceof UsageError &&
    error.message.includes(path) && /wrong size 5000 bytes.*3073-byte records/.test(error.message));

  const empty = join(folder, 'empty.bin');
  writeFileSync(empty, new Uint8Array(0));
  assert.throws(() => readCifar100File(empty),
    (error: Error) => error instanceof UsageError && /3074-byte records/.test(error.message));
});

test('a CIFAR label outside its range is an error naming the file, field and record', () => {
  const folder = temporaryFolder();
  const cifar10 = join(folder, 'data_batch_1.bin');
  writeFileSync(cifar10, concatBytes([cifarRecord([1], 0), cifarRecord([10], 0)]));
  assert.throws(() => readCifar10Batch(cifar10), (error: Error) => error instanceof UsageError &&
    error.message.includes(cifar10) &&
    /label 10 of record 1 is outside \[0, 10\)/.test(error.message));

  const fine = join(folder, 'fine.bin');
  writeFileSync(fine, cifarRecord([3, 100], 0));
  assert.throws(() => readCifar100File(fine),
    (error: Error) => /fine label 100 of record 0 is outside \[0, 100\)/.test(error.message));
  const coarse = join(folder, 'coarse.bin');
  writeFileSync(coarse, cifarRecord([20, 5], 0));
  assert.throws(() => readCifar100File(coarse),
    (error: Error) => /coarse label 20 of record 0 is outside \[0, 20\)/.test(error.message));
});

test('CIFAR-10 loads its five training batches in order and the test batch', async () => {
  const folder = temporaryFolder();
  const unpacked = join(folder, 'cifar-10-batches-bin');
  mkdirSync(unpacked);
  writeCifar10Folder(unpacked, 3);
  const dataset = await loadDataset('cifar10', { dataDir: folder });
  assert.equal(dataset.train.count, 15);
  assert.equal(dataset.test.count, 3);
  assert.deepEqual(Array.from(dataset.train.labels.subarray(3, 6)), [1, 2, 3]);
  assert.equal(dataset.train.inputs[3 * 3072], 10);
  assert.deepEqual(dataset.inputShape, [32, 32, 3]);
  assert.equal(dataset.classNames[1], 'automobile');
});

test('CIFAR-100 loads train.bin and test.bin with superclasses', async () => {
  const folder = temporaryFolder();
  writeFileSync(join(folder, 'train.bin'), concatBytes([cifarRecord([0, 4], 0),
    cifarRecord([1, 1], 0)]));
  writeFileSync(join(folder, 'test.bin'), cifarRecord([0, 30], 0));
  const dataset = await loadDataset('cifar100', { dataDir: folder });
  assert.equal(dataset.numClasses, 100);
  assert.deepEqual(Array.from(dataset.train.coarseLabels ?? []), [0, 1]);
  assert.equal(dataset.classNames[4], 'beaver');
  assert.equal(dataset.coarseClassNames?.[1], 'fish');
  await assert.rejects(loadDataset('cifar10', { dataDir: folder }), (error: Error) =>
    error instanceof UsageError && /data_batch_1\.bin: file not found/.test(error.message));
});
