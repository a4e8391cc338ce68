import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGradient, conv2dInputGradient } from './conv-gradients.js';
import { callWasmKernel, release, type Backend } from './kernel-calls.js';

type Attributes = Parameters<typeof conv2dFilterGradient>[3];

let registered = false;

/**
 * Registers the kernels the wasm backend lacks for training (Conv2DBackpropFilter) and
 * replaces those we have faster versions of (Conv2DBackpropInput at stride 1, BatchMatMul
 * with a transposed operand). Safe to call more than once; the wasm backend's module must
 * have been imported.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;

  tf.registerKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { filterShape } = attrs as unknown as { filterShape: number[] };
      return conv2dFilterGradient(x, dy, filterShape, attrs as unknown as Attributes,
        backend as Backend);
    },
  });

  replaceKernel(tf.Conv2DBackpropInput, (original) => (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { inputShape } = args.attrs as unknown as { inputShape: number[] };
    return conv2dInputGradient(dy, filter, inputShape, args.attrs as unknown as Attributes,
      args.backend as Backend) ?? original(args);
  });

  // The wasm BatchMatMul runs XNNPACK's fast product only when neither operand is
  // transposed, and a naive loop otherwise (about 6x slower for the dense layers' gradients);
  // transposing the operand first is cheaper.
  replaceKernel(tf.BatchMatMul, (original) => (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    const backend = args.backend as Backend;
    const left = transposeA ? transposeLastTwo(a, backend) : a;
    const right = transposeB ? transposeLastTwo(b, backend) : b;
    const product = original({ ...args, inputs: { a: left, b: right },
      attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    if (left !== a) release(backend, left);
    if (right !== b) release(backend, right);
    return product;
  });
}

function transposeLastTwo(x: tf.TensorInfo, backend: Backend): tf.TensorInfo {
  const perm = x.shape.map((_, axis) => axis);
  perm.push(...perm.splice(-2).reverse());
  return callWasmKernel('Transpose', backend, { x }, { perm });
}

/** Swaps the wasm kernel `name` for one built around the original. */
function replaceKernel(
  name: string, build: (original: tf.KernelFunc) => tf.KernelFunc,
): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) throw new Error(`the wasm backend has no ${name} kernel to replace`);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: build(original.kernelFunc) });
}
