// WebAssembly SIMD kernels (AssemblyScript) for the wasm backend. The module imports the
// backend's own memory, so every pointer is a byte offset of a tensor in the wasm heap and
// nothing is copied. Tensors are [rows, channels] float32 with channels a multiple of 4.
// Per-channel sums are accumulated in float32 over blocks of rows and added to float64
// totals after each block, which keeps them accurate over large batches.
// Build: npm run build:kernels (compiles this file into kernels-wasm.ts).

const BLOCK_ROWS: i32 = 64;

function zero(buffer: usize, bytes: usize): void {
  for (let c: usize = 0; c < bytes; c += 16) v128.store(buffer + c, f32x4.splat(0));
}

/** Adds the float32 block sums into the float64 totals. */
function flush(block: usize, totals: usize, channels: i32): void {
  for (let c: usize = 0; c < <usize>channels; c++) {
    const total = totals + (c << 3);
    store<f64>(total, load<f64>(total) + <f64>load<f32>(block + (c << 2)));
  }
}

/**
 * sums[c] += sum_r (x[r, c] - shift[c]); squares[c] += sum_r (x[r, c] - shift[c])^2.
 * blockA and blockB are float32 scratch of `channels` entries each.
 */
export function channelMoments(
  x: usize, rows: i32, channels: i32, shift: usize,
  blockA: usize, blockB: usize, sums: usize, squares: usize,
): void {
  const rowBytes = <usize>channels << 2;
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = min(start + BLOCK_ROWS, rows);
    zero(blockA, rowBytes);
    zero(blockB, rowBytes);
    for (let r = start; r < end; r++) {
      const row = x + <usize>r * rowBytes;
      for (let c: usize = 0; c < rowBytes; c += 16) {
        const v = f32x4.sub(v128.load(row + c), v128.load(shift + c));
        v128.store(blockA + c, f32x4.add(v128.load(blockA + c), v));
        v128.store(blockB + c, f32x4.add(v128.load(blockB + c), f32x4.mul(v, v)));
      }
    }
    flush(blockA, sums, channels);
    flush(blockB, squares, channels);
  }
}

/** y[r, c] = x[r, c] * scale[c] + shift[c], then max(0, .) when relu is 1. */
export function scaleShift(
  x: usize, y: usize, rows: i32, channels: i32, scale: usize, shift: usize, relu: i32,
): void {
  const rowBytes = <usize>channels << 2;
  const end = <usize>rows * rowBytes;
  const zeros = f32x4.splat(0);
  for (let offset: usize = 0; offset < end; offset += rowBytes) {
    for (let c: usize = 0; c < rowBytes; c += 16) {
      let v = f32x4.add(f32x4.mul(v128.load(x + offset + c), v128.load(scale + c)),
        v128.load(shift + c));
      if (relu) v = f32x4.max(v, zeros);
      v128.store(y + offset + c, v);
    }
  }
}

/** dy where y > 0 (relu) or dy itself. */
// @ts-ignore: decorator
@inline
function maskedGradient(dy: v128, y: v128, relu: i32): v128 {
  return relu ? v128.and(dy, f32x4.gt(y, f32x4.splat(0))) : dy;
}

/**
 * With g = maskedGradient: sumG[c] += sum_r g; sumGCentred[c] += sum_r g (x - mean[c]).
 */
export function gradientMoments(
  dy: usize, x: usize, y: usize, rows: i32, channels: i32, mean: usize, relu: i32,
  blockA: usize, blockB: usize, sumG: usize, sumGCentred: usize,
): void {
  const rowBytes = <usize>channels << 2;
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = min(start + BLOCK_ROWS, rows);
    zero(blockA, rowBytes);
    zero(blockB, rowBytes);
    for (let r = start; r < end; r++) {
      const offset = <usize>r * rowBytes;
      for (let c: usize = 0; c < rowBytes; c += 16) {
        const g = maskedGradient(v128.load(dy + offset + c), v128.load(y + offset + c), relu);
        const centred = f32x4.sub(v128.load(x + offset + c), v128.load(mean + c));
        v128.store(blockA + c, f32x4.add(v128.load(blockA + c), g));
        v128.store(blockB + c, f32x4.add(v128.load(blockB + c), f32x4.mul(g, centred)));
      }
    }
    flush(blockA, sumG, channels);
    flush(blockB, sumGCentred, channels);
  }
}

/** dx = a[c] g + b[c] (x - mean[c]) + k[c]; sumDx[c] += sum_r dx. */
export function gradientApply(
  dy: usize, x: usize, y: usize, dx: usize, rows: i32, channels: i32, mean: usize,
  a: usize, b: usize, k: usize, relu: i32, block: usize, sumDx: usize,
): void {
  const rowBytes = <usize>channels << 2;
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = min(start + BLOCK_ROWS, rows);
    zero(block, rowBytes);
    for (let r = start; r < end; r++) {
      const offset = <usize>r * rowBytes;
      for (let c: usize = 0; c < rowBytes; c += 16) {
        const g = maskedGradient(v128.load(dy + offset + c), v128.load(y + offset + c), relu);
        const centred = f32x4.sub(v128.load(x + offset + c), v128.load(mean + c));
        const value = f32x4.add(f32x4.add(f32x4.mul(v128.load(a + c), g),
          f32x4.mul(v128.load(b + c), centred)), v128.load(k + c));
        v128.store(dx + offset + c, value);
        v128.store(block + c, f32x4.add(v128.load(block + c), value));
      }
    }
    flush(block, sumDx, channels);
  }
}

/**
 * 2x2 max pooling with stride 2 of x [batch, height, width, channels] into
 * y [batch, height / 2, width / 2, channels], with argmax the flat index in x of each
 * output's value (the first maximum in row-major window order).
 */
export function maxPool2x2(
  x: usize, y: usize, argmax: usize, batch: i32, height: i32, width: i32, channels: i32,
): void {
  const outHeight = height >> 1;
  const outWidth = width >> 1;
  const lanes = i32x4(0, 1, 2, 3);
  const right = i32x4.splat(channels);
  const down = i32x4.splat(width * channels);
  let out: usize = 0;
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        const topLeft = ((n * height + 2 * i) * width + 2 * j) * channels;
        for (let c = 0; c < channels; c += 4, out += 16) {
          const index = i32x4.add(i32x4.splat(topLeft + c), lanes);
          let best = v128.load(x + (<usize>(topLeft + c) << 2));
          let bestIndex = index;
          let candidate = i32x4.add(index, right);
          let value = v128.load(x + (<usize>i32x4.extract_lane(candidate, 0) << 2));
          let better = f32x4.gt(value, best);
          best = v128.bitselect(value, best, better);
          bestIndex = v128.bitselect(candidate, bestIndex, better);
          candidate = i32x4.add(index, down);
          value = v128.load(x + (<usize>i32x4.extract_lane(candidate, 0) << 2));
          better = f32x4.gt(value, best);
          best = v128.bitselect(value, best, better);
          bestIndex = v128.bitselect(candidate, bestIndex, better);
          candidate = i32x4.add(candidate, right);
          value = v128.load(x + (<usize>i32x4.extract_lane(candidate, 0) << 2));
          better = f32x4.gt(value, best);
          best = v128.bitselect(value, best, better);
          bestIndex = v128.bitselect(candidate, bestIndex, better);
          v128.store(y + out, best);
          v128.store(argmax + out, bestIndex);
        }
      }
    }
  }
}

/** dx (zeroed here) receives dy at the indices argmax recorded. */
export function maxPoolGradient(
  dy: usize, argmax: usize, count: i32, dx: usize, dxCount: i32,
): void {
  memory.fill(dx, 0, <usize>dxCount << 2);
  for (let i: usize = 0; i < <usize>count; i++) {
    store<f32>(dx + (<usize>load<i32>(argmax + (i << 2)) << 2), load<f32>(dy + (i << 2)));
  }
}

/**
 * Columns [rowStart, rowStart + rowCount) of the transposed patch matrix of a convolution
 * of x [batch, height, width, channels] (NHWC): out [kernelHeight * kernelWidth * channels,
 * rowCount], where column r holds the input values the filter sees at output pixel
 * rowStart + r = (n, i, j), in filter order (a, b, c), and zeros where the window leaves
 * the input. `offsets` is int32 scratch of rowCount entries.
 */
export function im2colTransposed(
  x: usize, out: usize, offsets: usize, height: i32, width: i32, channels: i32,
  kernelHeight: i32, kernelWidth: i32, strideHeight: i32, strideWidth: i32,
  padTop: i32, padLeft: i32, outHeight: i32, outWidth: i32, rowStart: i32, rowCount: i32,
): void {
  const pixels = outHeight * outWidth;
  const planeBytes = <usize>channels * <usize>rowCount << 2;
  // With channels a multiple of 4, blocks of 4 rows x 4 channels are moved as 4x4
  // transposes of SIMD vectors; the rows left over, and other channel counts, one by one.
  const vectorRows = channels % 4 === 0 ? rowCount & ~3 : 0;
  let plane = out;
  for (let a = 0; a < kernelHeight; a++) {
    for (let b = 0; b < kernelWidth; b++, plane += planeBytes) {
      // The element offset of each column's input pixel, or -1 in the padding.
      for (let r = 0; r < rowCount; r++) {
        const n = (rowStart + r) / pixels;
        const pixel = (rowStart + r) % pixels;
        const row = (pixel / outWidth) * strideHeight + a - padTop;
        const column = (pixel % outWidth) * strideWidth + b - padLeft;
        const inside = row >= 0 && row < height && column >= 0 && column < width;
        store<i32>(offsets + (<usize>r << 2),
          inside ? ((n * height + row) * width + column) * channels : -1);
      }
      for (let r = 0; r < vectorRows; r += 4) {
        transposeRowBlock(x, offsets + (<usize>r << 2), plane + (<usize>r << 2), channels,
          rowCount);
      }
      for (let c = 0; c < channels; c++) {
        const destination = plane + (<usize>c * <usize>rowCount << 2);
        for (let r = vectorRows; r < rowCount; r++) {
          const offset = load<i32>(offsets + (<usize>r << 2));
          const value = load<f32>(x + (<usize>(max(offset, 0) + c) << 2));
          store<f32>(destination + (<usize>r << 2), select<f32>(value, 0, offset >= 0));
        }
      }
    }
  }
}

/** The input vector of `channels` values at `offset` (an element offset), or zeros at -1. */
@inline
function pixelVector(x: usize, offset: i32, c: i32): v128 {
  const mask = i32x4.splat(offset >= 0 ? -1 : 0);
  return v128.and(v128.load(x + (<usize>(max(offset, 0) + c) << 2)), mask);
}

/**
 * Writes the 4 output columns starting at `destination` (of rows rowCount floats apart)
 * from the 4 input pixels whose offsets start at `offsets`, 4 channels at a time.
 */
function transposeRowBlock(
  x: usize, offsets: usize, destination: usize, channels: i32, rowCount: i32,
): void {
  const o0 = load<i32>(offsets);
  const o1 = load<i32>(offsets, 4);
  const o2 = load<i32>(offsets, 8);
  const o3 = load<i32>(offsets, 12);
  const stride = <usize>rowCount << 2;
  for (let c = 0; c < channels; c += 4) {
    const v0 = pixelVector(x, o0, c);
    const v1 = pixelVector(x, o1, c);
    const v2 = pixelVector(x, o2, c);
    const v3 = pixelVector(x, o3, c);
    const low01 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
    const high01 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
    const low23 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
    const high23 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
    const row = destination + <usize>c * stride;
    v128.store(row, v128.shuffle<f32>(low01, low23, 0, 1, 4, 5));
    v128.store(row + stride, v128.shuffle<f32>(low01, low23, 2, 3, 6, 7));
    v128.store(row + 2 * stride, v128.shuffle<f32>(high01, high23, 0, 1, 4, 5));
    v128.store(row + 3 * stride, v128.shuffle<f32>(high01, high23, 2, 3, 6, 7));
  }
}

/** target[i] += source[i] for count values. */
export function accumulate(target: usize, source: usize, count: i32): void {
  const bytes = <usize>count << 2;
  const vectorBytes = bytes & ~(<usize>15);
  for (let offset: usize = 0; offset < vectorBytes; offset += 16) {
    v128.store(target + offset, f32x4.add(v128.load(target + offset), v128.load(source + offset)));
  }
  for (let offset = vectorBytes; offset < bytes; offset += 4) {
    store<f32>(target + offset, load<f32>(target + offset) + load<f32>(source + offset));
  }
}
