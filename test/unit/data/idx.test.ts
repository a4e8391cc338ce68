import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../../../src/errors.js';
import { loadDataset } from '../../../src/data/load.js';
import { readIdxImages, readIdxLabels } from '../../../src/data/idx.js';
import { idxBytes, temporaryFolder, writeTinyIdxDataset } from './files.js';

/** Asserts that `action` throws a one-line UsageError whose message names `path` and `fault`. */
function assertFault(action: () => unknown, path: string, fault: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.ok(error.message.includes(path), error.message);
    assert.match(error.message, fault);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
}

test('reads raw and gzip IDX images and labels', () => {
  const folder = temporaryFolder();
  const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
  writeFileSync(join(folder, 'raw'), idxBytes([2, 3, 4], pixels));
  writeFileSync(join(folder, 'packed.gz'), gzipSync(idxBytes([2, 3, 4], pixels)));
  writeFileSync(join(folder, 'labels'), gzipSync(idxBytes([3], [4, 0, 9])));

  for (const name of ['raw', 'packed.gz']) {
    const images = readIdxImages(join(folder, name), 3, 4);
    assert.deepEqual(images.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(images.data), pixels);
  }
  assert.deepEqual(Array.from(readIdxLabels(join(folder, 'labels'), 10)), [4, 0, 9]);
});

test('a truncated, overlong or wrongly shaped IDX file is an error naming the file', () => {
  const folder = temporaryFolder();
  const valid = idxBytes([2, 3, 4], new Array(24).fill(1));
  const truncated = join(folder, 'truncated');
  writeFileSync(truncated, valid.subarray(0, valid.length - 1));
  assertFault(() => readIdxImages(truncated, 3, 4), truncated, /truncated.*24 data bytes.*23/);

  const overlong = join(folder, 'overlong');
  writeFileSync(overlong, Buffer.concat([valid, Buffer.from([0])]));
  assertFault(() => readIdxImages(overlong, 3, 4), overlong, /too long/);

  const header = join(folder, 'header');
  writeFileSync(header, valid.subarray(0, 9));
  assertFault(() => readIdxImages(header, 3, 4), header, /truncated IDX header/);

  const shaped = join(folder, 'shaped');
  writeFileSync(shaped, valid);
  assertFault(() => readIdxImages(shaped, 28, 28), shaped, /3x4, expected 28x28/);
});

test('a wrong magic number is an error naming the file and both numbers', () => {
  const folder = temporaryFolder();
  const labelsAsImages = join(folder, 'labels');
  writeFileSync(labelsAsImages, idxBytes([3], [1, 2, 3]));
  assertFault(() => readIdxImages(labelsAsImages, 28, 28), labelsAsImages,
    /wrong magic number 0x00000801, expected 0x00000803/);

  const text = join(folder, 'text');
  writeFileSync(text, 'not an idx file at all');
  assertFault(() => readIdxLabels(text, 10), text, /wrong magic number/);
});

test('a label outside [0, K) is an error naming the file and the example', () => {
  const folder = temporaryFolder();
  const path = join(folder, 'labels');
  writeFileSync(path, idxBytes([4], [0, 9, 10, 1]));
  assertFault(() => readIdxLabels(path, 10), path, /label 10 of example 2 is outside \[0, 10\)/);
});

test('a corrupt gzip file is an error naming the file', () => {
  const folder = temporaryFolder();
  const path = join(folder, 'broken.gz');
  const packed = gzipSync(idxBytes([3], [1, 2, 3]));
  writeFileSync(path, packed.subarray(0, packed.length - 6));
  assertFault(() => readIdxLabels(path, 10), path, /gzip/);
});

test('MNIST and Fashion-MNIST load from a data folder, raw or gzip', async () => {
  const rawFolder = writeTinyIdxDataset(temporaryFolder(), [3, 1, 4], [1, 5]);
  const mnist = await loadDataset('mnist', { dataDir: rawFolder });
  assert.equal(mnist.train.count, 3);
  assert.equal(mnist.test.count, 2);
  assert.deepEqual(Array.from(mnist.train.labels), [3, 1, 4]);
  assert.deepEqual(mnist.inputShape, [28, 28, 1]);
  assert.equal(mnist.train.inputs[784 * 2], 2);

  const gzipFolder = writeTinyIdxDataset(temporaryFolder(), [7, 8], [9],
    (path, bytes) => writeFileSync(`${path}.gz`, gzipSync(bytes)));
  const fashion = await loadDataset('fashion-mnist', { dataDir: gzipFolder });
  assert.deepEqual(Array.from(fashion.train.labels), [7, 8]);
  assert.equal(fashion.classNames[9], 'Ankle boot');
});

test('image and label files of different lengths, missing files and folders are errors',
  async () => {
    const folder = writeTinyIdxDataset(temporaryFolder(), [3, 1, 4], [1, 5]);
    const labels = join(folder, 'train-labels-idx1-ubyte');
    writeFileSync(labels, idxBytes([2], [3, 1]));
    await assert.rejects(loadDataset('mnist', { dataDir: folder }),
      (error: Error) => error instanceof UsageError && /2 labels for 3 images/.test(error.message));

    const empty = temporaryFolder();
    await assert.rejects(loadDataset('mnist', { dataDir: empty }), (error: Error) =>
      error instanceof UsageError && error.message.includes('train-images-idx3-ubyte') &&
      /not found/.test(error.message));

    const missing = join(empty, 'absent');
    await assert.rejects(loadDataset('fashion-mnist', { dataDir: missing }), (error: Error) =>
      error instanceof UsageError && error.message.includes(missing) &&
      /does not exist/.test(error.message));
    await assert.rejects(loadDataset('fashion-mnist'),
      (error: Error) => error instanceof UsageError && /needs --data-dir/.test(error.message));
  });
