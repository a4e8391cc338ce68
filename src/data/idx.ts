import { UsageError } from '../errors.js';
import { readDataFile } from './files.js';

/** IDX type code of unsigned bytes, the only element type the image datasets use. */
const unsignedByteType = 0x08;

export interface IdxArray {
  /** Sizes of the dimensions, outermost first (for images: count, rows, columns). */
  shape: number[];
  data: Uint8Array;
}

/**
 * Reads an IDX file of unsigned bytes (the MNIST and Fashion-MNIST format), raw or gzip,
 * checking the magic number, the number of dimensions and that the file length matches the
 * header exactly.
 */
export function readIdxFile(path: string, expectedDimensions: number): IdxArray {
  const bytes = readDataFile(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) throw new UsageError(`${path}: truncated IDX file (${bytes.length} bytes)`);

  const magic = view.getUint32(0);
  const expectedMagic = (unsignedByteType << 8) | expectedDimensions;
  if (magic !== expectedMagic) {
    throw new UsageError(`${path}: wrong magic number 0x${hex(magic)}, expected ` +
      `0x${hex(expectedMagic)} (IDX unsigned bytes, ${expectedDimensions} dimensions)`);
  }

  const headerLength = 4 + 4 * expectedDimensions;
  if (bytes.length < headerLength) {
    throw new UsageError(
      `${path}: truncated IDX header (${bytes.length} of ${headerLength} bytes)`);
  }
  const shape = Array.from({ length: expectedDimensions }, (_, i) => view.getUint32(4 + 4 * i));
  const dataLength = shape.reduce((product, size) => product * size, 1);

  const actualDataLength = bytes.length - headerLength;
  if (actualDataLength !== dataLength) {
    const fault = actualDataLength < dataLength ? 'truncated' : 'too long';
    throw new UsageError(`${path}: ${fault}: the header [${shape.join(', ')}] needs ` +
      `${dataLength} data bytes, the file has ${actualDataLength}`);
  }
  return { shape, data: bytes.subarray(headerLength) };
}

/** Reads an IDX image file of `rows` x `columns` greyscale images. */
export function readIdxImages(path: string, rows: number, columns: number): IdxArray {
  const images = readIdxFile(path, 3);
  const [, actualRows, actualColumns] = images.shape;
  if (actualRows !== rows || actualColumns !== columns) {
    throw new UsageError(`${path}: images are ${actualRows}x${actualColumns}, expected ` +
      `${rows}x${columns}`);
  }
  return images;
}

/** Reads an IDX label file and checks every label is in [0, numClasses). */
export function readIdxLabels(path: string, numClasses: number): Int32Array {
  const { data } = readIdxFile(path, 1);
  const labels = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const label = data[i]!;
    if (label >= numClasses) {
      throw new UsageError(`${path}: label ${label} of example ${i} is outside [0, ${numClasses})`);
    }
    labels[i] = label;
  }
  return labels;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
