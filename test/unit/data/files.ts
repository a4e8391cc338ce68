import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder for one test's files. */
export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'apl-data-'));
}

/** The bytes of an IDX file of unsigned bytes with the given shape. */
export function idxBytes(shape: number[], data: ArrayLike<number>): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint32(0, 0x0800 | shape.length);
  shape.forEach((size, i) => header.setUint32(4 + 4 * i, size));
  const bytes = new Uint8Array(header.byteLength + data.length);
  bytes.set(new Uint8Array(header.buffer), 0);
  bytes.set(Array.from(data), header.byteLength);
  return bytes;
}

/**
 * Writes the four MNIST-named IDX files of a tiny dataset of 28x28 images whose every pixel
 * is the example's index, and returns the folder.
 */
export function writeTinyIdxDataset(folder: string, trainLabels: number[], testLabels: number[],
  write: (path: string, bytes: Uint8Array) => void = writeFileSync): string {
  const images = (count: number) => idxBytes([count, 28, 28],
    Array.from({ length: count * 784 }, (_, i) => Math.floor(i / 784)));
  write(join(folder, 'train-images-idx3-ubyte'), images(trainLabels.length));
  write(join(folder, 'train-labels-idx1-ubyte'), idxBytes([trainLabels.length], trainLabels));
  write(join(folder, 't10k-images-idx3-ubyte'), images(testLabels.length));
  write(join(folder, 't10k-labels-idx1-ubyte'), idxBytes([testLabels.length], testLabels));
  return folder;
}

/**
 * One CIFAR record: the label bytes, then a 32x32x3 image in planes whose pixel p of
 * channel c holds (p + 7 * c + seed) mod 256.
 */
export function cifarRecord(labelBytes: number[], seed: number): Uint8Array {
  const record = new Uint8Array(labelBytes.length + 3072);
  record.set(labelBytes, 0);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < 1024; p++) {
      record[labelBytes.length + c * 1024 + p] = (p + 7 * c + seed) % 256;
    }
  }
  return record;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
