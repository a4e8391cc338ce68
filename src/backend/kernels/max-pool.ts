import * as tf from '@tensorflow/tfjs';
import { registerArrayKernel, runArrayKernel } from './array-kernel.js';
import { simdContext } from '../simd/simd-kernels.js';

// 2x2 max pooling with stride 2 (NHWC, windows that do not fit are dropped, as PyTorch's
// and TensorFlow's `valid` pooling do). The forward kernel also records, for every output,
// the flat index of the input it took (the first maximum in row-major window order), so the
// gradient is a scatter of dy to those indices: one pass, no comparisons. On the wasm
// backend's SIMD build both run as the SIMD kernels of src/backend/simd.

export const maxPoolKernel = 'AplMaxPool2x2';
const maxPoolGradKernel = 'AplMaxPool2x2Grad';

type OutputMaker = { makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo };

function forward({ inputs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x } = inputs as { x: tf.TensorInfo };
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const outHeight = Math.floor(height / 2);
  const outWidth = Math.floor(width / 2);
  const outShape = [batch, outHeight, outWidth, channels];
  const simd = simdContext(backend);
  if (simd && channels % 4 === 0) {
    const maker = backend as OutputMaker;
    const y = maker.makeOutput(outShape, 'float32');
    const argmax = maker.makeOutput(outShape, 'int32');
    simd.kernels.maxPool2x2(simd.pointer(x), simd.pointer(y), simd.pointer(argmax), batch, height,
      width, channels);
    return [y, argmax];
  }
  return runArrayKernel(backend, [x], [
    { shape: outShape, dtype: 'float32' },
    { shape: outShape, dtype: 'int32' },
  ], ([xs], [ys, argmax]) => {
    const rowStride = width * channels;
    let out = 0;
    for (let n = 0; n < batch; n++) {
      for (let i = 0; i < outHeight; i++) {
        for (let j = 0; j < outWidth; j++) {
          const topLeft = ((n * height + 2 * i) * width + 2 * j) * channels;
          for (let c = 0; c < channels; c++, out++) {
            const p = topLeft + c;
            let best = p;
            if (xs![p + channels]! > xs![best]!) best = p + channels;
            if (xs![p + rowStride]! > xs![best]!) best = p + rowStride;
            if (xs![p + rowStride + channels]! > xs![best]!) best = p + rowStride + channels;
            ys![out] = xs![best]!;
            argmax![out] = best;
          }
        }
      }
    }
  });
}

function backward({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { dy, argmax } = inputs as { dy: tf.TensorInfo; argmax: tf.TensorInfo };
  const { inputShape } = attrs as unknown as { inputShape: number[] };
  const simd = simdContext(backend);
  if (simd) {
    const dx = (backend as OutputMaker).makeOutput(inputShape, 'float32');
    simd.kernels.maxPoolGradient(simd.pointer(dy), simd.pointer(argmax), dy.shape.reduce(
      (a, b) => a * b, 1), simd.pointer(dx), inputShape.reduce((a, b) => a * b, 1));
    return [dx];
  }
  return runArrayKernel(backend, [dy, argmax], [
    { shape: inputShape, dtype: 'float32', zeroed: true },
  ], ([dys, indices], [dx]) => {
    for (let i = 0; i < dys!.length; i++) dx![indices![i]!] = dys![i]!;
  });
}

let registered = false;

/** Registers both kernels on the wasm and cpu backends, and the forward kernel's gradient. */
export function registerMaxPoolKernels(): void {
  if (registered) return;
  registered = true;
  registerArrayKernel(maxPoolKernel, forward as tf.KernelFunc);
  registerArrayKernel(maxPoolGradKernel, backward as tf.KernelFunc);
  tf.registerGradient({
    kernelName: maxPoolKernel,
    inputsToSave: ['x'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const dy = Array.isArray(dys) ? dys[0]! : dys;
      const [x, argmax] = saved as tf.Tensor[];
      return {
        x: () => (tf.engine().runKernel(maxPoolGradKernel, { dy, argmax: argmax! },
          { inputShape: x!.shape }) as tf.Tensor[])[0]!,
      };
    },
  });
}
