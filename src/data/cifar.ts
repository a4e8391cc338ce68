import { UsageError } from '../errors.js';
import { readDataFile } from './files.js';

export const cifarSide = 32;
const pixelsPerChannel = cifarSide * cifarSide;
const bytesPerImage = 3 * pixelsPerChannel;

export interface CifarRecords {
  /** Images in HWC byte order, one after another. */
  images: Uint8Array;
  labels: Int32Array;
  /** CIFAR-100 only: the superclass of each image. */
  coarseLabels?: Int32Array;
  count: number;
}

/**
 * Reads one CIFAR-10 binary batch (`data_batch_1.bin` ... `test_batch.bin`): records of one
 * label byte and a 32x32x3 image stored plane by plane (all red, all green, all blue).
 */
export function readCifar10Batch(path: string): CifarRecords {
  return readCifarRecords(path, [{ name: 'label', numClasses: 10 }]);
}

/** Reads a CIFAR-100 binary file (`train.bin`, `test.bin`): coarse label, fine label, image. */
export function readCifar100File(path: string): CifarRecords {
  return readCifarRecords(path, [
    { name: 'coarse label', numClasses: 20 },
    { name: 'fine label', numClasses: 100 },
  ]);
}

/** Concatenates the records of several files, in order. */
export function concatCifarRecords(parts: CifarRecords[]): CifarRecords {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const images = new Uint8Array(count * bytesPerImage);
  const labels = new Int32Array(count);
  const hasCoarse = parts.every((part) => part.coarseLabels !== undefined);
  const coarseLabels = hasCoarse ? new Int32Array(count) : undefined;
  let offset = 0;
  for (const part of parts) {
    images.set(part.images, offset * bytesPerImage);
    labels.set(part.labels, offset);
    if (coarseLabels && part.coarseLabels) coarseLabels.set(part.coarseLabels, offset);
    offset += part.count;
  }
  return coarseLabels ? { images, labels, coarseLabels, count } : { images, labels, count };
}

interface LabelField {
  name: string;
  numClasses: number;
}

function readCifarRecords(path: string, labelFields: LabelField[]): CifarRecords {
  const bytes = readDataFile(path);
  const recordLength = labelFields.length + bytesPerImage;
  if (bytes.length === 0 || bytes.length % recordLength !== 0) {
    throw new UsageError(`${path}: wrong size ${bytes.length} bytes, expected a whole number ` +
      `of ${recordLength}-byte records (truncated or not a CIFAR binary file?)`);
  }

  const count = bytes.length / recordLength;
  const fields = labelFields.map(() => new Int32Array(count));
  const images = new Uint8Array(count * bytesPerImage);
  for (let record = 0; record < count; record++) {
    const start = record * recordLength;
    labelFields.forEach((field, f) => {
      const label = bytes[start + f]!;
      if (label >= field.numClasses) {
        throw new UsageError(`${path}: ${field.name} ${label} of record ${record} is outside ` +
          `[0, ${field.numClasses})`);
      }
      fields[f]![record] = label;
    });
    planarToInterleaved(bytes, start + labelFields.length, images, record * bytesPerImage);
  }

  const labels = fields[fields.length - 1]!;
  return fields.length === 2 ? { images, labels, coarseLabels: fields[0]!, count }
    : { images, labels, count };
}

/** Copies one image from channel planes (CHW) to interleaved pixels (HWC). */
function planarToInterleaved(source: Uint8Array, sourceStart: number, target: Uint8Array,
  targetStart: number): void {
  for (let pixel = 0; pixel < pixelsPerChannel; pixel++) {
    const to = targetStart + 3 * pixel;
    target[to] = source[sourceStart + pixel]!;
    target[to + 1] = source[sourceStart + pixelsPerChannel + pixel]!;
    target[to + 2] = source[sourceStart + 2 * pixelsPerChannel + pixel]!;
  }
}
