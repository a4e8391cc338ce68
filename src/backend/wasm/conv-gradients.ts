import * as tf from '@tensorflow/tfjs';
import { callWasmKernel, release, type Backend } from './kernel-calls.js';
import { simdContext, type SimdContext } from '../simd/simd-kernels.js';

// Gradients of a 2-D convolution (NHWC, no dilation) built from the operations the wasm
// backend runs through XNNPACK's fast SIMD code: matrix products and forward convolutions.
// With the forward pass
// y[n, i, j, o] = sum_{a, b, c} xPadded[n, i*s + a, j*s + b, c] w[a, b, c, o]:
//
// - filter gradient: dw[a, b, c, o] = sum_{n, i, j} xPadded[n, i*s + a, j*s + b, c] dy[n, i, j, o],
//   that is dw = P^T dy over the rows (n, i, j), with P the patch matrix of x. It is summed
//   over chunks of rows so that each product's operands stay in cache (XNNPACK does not
//   split the inner dimension, and one product over all rows streams its packed operand
//   from memory once per row tile). Without the SIMD kernels it is a convolution of x
//   transposed to [c, h, w, n] (channels as the batch, the batch as channels) with dy
//   transposed to [i, j, n, o] as the filter, dilated by the stride;
// - input gradient (stride 1): dx = dy convolved with the filter rotated by 180 degrees and
//   its channel axes swapped, padded by (size - 1 - pad) on each side.

/**
 * Rows per product: XNNPACK streams the packed right operand (rows x output channels) once
 * per tile of 4 patch entries, so it must stay well inside the 512 KB L2 cache; 128 KB
 * measured best on the CIFAR-10 model's layers.
 */
function rowsPerChunk(outChannels: number): number {
  return Math.min(4096, Math.max(256, Math.floor(32768 / outChannels)));
}

interface ConvAttributes {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttributes) {
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number],
    filterShape as [number, number, number, number], attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat));
}

/** Conv2DBackpropFilter for the wasm backend, which has none. */
export function conv2dFilterGradient(
  x: tf.TensorInfo, dy: tf.TensorInfo, filterShape: number[], attrs: ConvAttributes,
  backend: Backend,
): tf.TensorInfo {
  const info = convInfo(x.shape, filterShape, attrs);
  if (info.dataFormat !== 'channelsLast') {
    throw new Error('Conv2DBackpropFilter on wasm supports only NHWC (channels last)');
  }
  const simd = simdContext(backend);
  return simd ? chunkedFilterGradient(simd, x, dy, info, backend)
    : transposedConvFilterGradient(x, dy, info, backend);
}

type ConvInfo = ReturnType<typeof convInfo>;
type OutputMaker = Backend & { makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo };

/** dw as a forward convolution of x transposed to [c, h, w, n] with dy as the filter. */
function transposedConvFilterGradient(
  x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo, backend: Backend,
): tf.TensorInfo {
  const { top, left } = info.padInfo;
  const { strideHeight, strideWidth, filterHeight, filterWidth, outHeight, outWidth } = info;
  const usedHeight = (outHeight - 1) * strideHeight + filterHeight;
  const usedWidth = (outWidth - 1) * strideWidth + filterWidth;

  const xByChannel = callWasmKernel('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const xWindow = padOrCrop(xByChannel, [top, usedHeight - info.inHeight - top],
    [left, usedWidth - info.inWidth - left], backend);
  const dyAsFilter = callWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const gradientByChannel = callWasmKernel('Conv2D', backend,
    { x: xWindow, filter: dyAsFilter },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [strideHeight, strideWidth] });
  const gradient = callWasmKernel('Transpose', backend, { x: gradientByChannel },
    { perm: [1, 2, 0, 3] });
  release(backend, xWindow, dyAsFilter, gradientByChannel);
  if (xWindow !== xByChannel) release(backend, xByChannel);
  return gradient;
}

/** dw = sum over chunks of rows of P_chunk^T dy_chunk, as [a * b * c, o] = [a, b, c, o]. */
function chunkedFilterGradient(
  simd: SimdContext, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo, backend: Backend,
): tf.TensorInfo {
  const maker = backend as OutputMaker;
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth } = info;
  const patchSize = info.filterHeight * info.filterWidth * inChannels;
  const rows = batchSize * outHeight * outWidth;
  const scratch = simd.scratch();
  const chunk = rowsPerChunk(outChannels);
  const offsets = scratch.int32(chunk);
  let sum: tf.TensorInfo | undefined;
  for (let start = 0; start < rows; start += chunk) {
    const count = Math.min(chunk, rows - start);
    const patches = maker.makeOutput([patchSize, count], 'float32');
    const dyRows = maker.makeOutput([count, outChannels], 'float32');
    simd.kernels.im2colTransposed(simd.pointer(x), simd.pointer(patches), offsets, inHeight,
      inWidth, inChannels, info.filterHeight, info.filterWidth, info.strideHeight,
      info.strideWidth, info.padInfo.top, info.padInfo.left, outHeight, outWidth, start, count);
    simd.copy(simd.pointer(dyRows), simd.pointer(dy) + start * outChannels * 4,
      count * outChannels * 4);
    const product = callWasmKernel('BatchMatMul', backend, { a: patches, b: dyRows },
      { transposeA: false, transposeB: false });
    release(backend, patches, dyRows);
    if (sum) {
      simd.kernels.accumulate(simd.pointer(sum), simd.pointer(product), patchSize * outChannels);
      release(backend, product);
    } else {
      sum = product;
    }
  }
  scratch.free();
  return { ...sum!, shape: info.filterShape };
}

/**
 * Pads (positive amounts) or crops (negative amounts) the height and width axes of an
 * [n, h, w, c] tensor; returns the input itself when nothing changes.
 */
function padOrCrop(
  x: tf.TensorInfo, [top, bottom]: number[], [left, right]: number[], backend: Backend,
): tf.TensorInfo {
  const cropBottom = Math.min(bottom!, 0);
  const cropRight = Math.min(right!, 0);
  let result = x;
  if (top! > 0 || bottom! > 0 || left! > 0 || right! > 0) {
    result = callWasmKernel('PadV2', backend, { x }, {
      paddings: [[0, 0], [top, Math.max(bottom!, 0)], [left, Math.max(right!, 0)], [0, 0]],
      constantValue: 0,
    });
  }
  if (cropBottom < 0 || cropRight < 0) {
    const [n, h, w, c] = result.shape as [number, number, number, number];
    const cropped = callWasmKernel('Slice', backend, { x: result },
      { begin: [0, 0, 0, 0], size: [n, h + cropBottom, w + cropRight, c] });
    if (result !== x) release(backend, result);
    result = cropped;
  }
  return result;
}

/**
 * Conv2DBackpropInput for stride 1 as a forward convolution; returns undefined for the
 * cases it does not cover (strides > 1, or padding wider than the filter), which the wasm
 * backend's own kernel handles.
 */
export function conv2dInputGradient(
  dy: tf.TensorInfo, filter: tf.TensorInfo, inputShape: number[], attrs: ConvAttributes,
  backend: Backend,
): tf.TensorInfo | undefined {
  const info = convInfo(inputShape, filter.shape, attrs);
  const { top, bottom, left, right } = info.padInfo;
  const { filterHeight, filterWidth } = info;
  const pads = [filterHeight - 1 - top, filterHeight - 1 - bottom,
    filterWidth - 1 - left, filterWidth - 1 - right];
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dataFormat !== 'channelsLast'
    || pads.some((pad) => pad < 0)) {
    return undefined;
  }
  const flipped = callWasmKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const swapped = callWasmKernel('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] });
  const dx = callWasmKernel('Conv2D', backend, { x: dy, filter: swapped }, {
    strides: 1, dilations: 1, dataFormat: 'NHWC',
    pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]],
  });
  release(backend, flipped, swapped);
  return dx;
}
