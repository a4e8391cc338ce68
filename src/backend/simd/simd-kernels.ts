import * as tf from '@tensorflow/tfjs';
import { kernelsWasmBase64 } from './kernels-wasm.js';

// The SIMD kernels of kernels.as, instantiated on the wasm backend's own memory, with the
// scratch allocation and pointer look-ups they need.

/** The part of the WebAssembly API used here (the compiler's libraries here omit it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface EmscriptenModule {
  asm: { memory: object };
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  HEAPU8: Uint8Array;
}

type WasmBackend = tf.KernelBackend & {
  wasm: EmscriptenModule;
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
};

/** The exports of kernels.as: pointers are byte offsets into the wasm heap. */
export interface SimdExports {
  channelMoments(x: number, rows: number, channels: number, shift: number, blockA: number,
    blockB: number, sums: number, squares: number): void;
  scaleShift(x: number, y: number, rows: number, channels: number, scale: number,
    shift: number, relu: number): void;
  gradientMoments(dy: number, x: number, y: number, rows: number, channels: number,
    mean: number, relu: number, blockA: number, blockB: number, sumG: number,
    sumGCentred: number): void;
  gradientApply(dy: number, x: number, y: number, dx: number, rows: number, channels: number,
    mean: number, a: number, b: number, k: number, relu: number, block: number,
    sumDx: number): void;
  maxPool2x2(x: number, y: number, argmax: number, batch: number, height: number,
    width: number, channels: number): void;
  maxPoolGradient(dy: number, argmax: number, count: number, dx: number,
    dxCount: number): void;
  im2colTransposed(x: number, out: number, offsets: number, height: number, width: number,
    channels: number, kernelHeight: number, kernelWidth: number, strideHeight: number,
    strideWidth: number, padTop: number, padLeft: number, outHeight: number,
    outWidth: number, rowStart: number, rowCount: number): void;
  accumulate(target: number, source: number, count: number): void;
}

/** Per-channel scratch vectors in the wasm heap, freed together. */
export class Scratch {
  private readonly pointers: number[] = [];

  constructor(private readonly module: EmscriptenModule) {}

  /** An int32 vector, uninitialised. */
  int32(length: number): number {
    return this.allocate(length * 4);
  }

  /** A float32 vector (16-byte aligned, as SIMD loads prefer), optionally filled. */
  float32(length: number, values?: ArrayLike<number>): number {
    const pointer = this.allocate(length * 4);
    if (values) this.module.HEAPF32.set(values, pointer / 4);
    return pointer;
  }

  /** A float64 vector of zeros. */
  float64(length: number): number {
    const pointer = this.allocate(length * 8);
    this.module.HEAPF64.fill(0, pointer / 8, pointer / 8 + length);
    return pointer;
  }

  readFloat32(pointer: number, length: number): Float32Array {
    return this.module.HEAPF32.slice(pointer / 4, pointer / 4 + length);
  }

  readFloat64(pointer: number, length: number): Float64Array {
    return this.module.HEAPF64.slice(pointer / 8, pointer / 8 + length);
  }

  free(): void {
    for (const pointer of this.pointers) this.module._free(pointer);
  }

  private allocate(bytes: number): number {
    // malloc aligns to 8; over-allocate so that the vector can start on 16.
    const raw = this.module._malloc(bytes + 16);
    this.pointers.push(raw);
    return Math.ceil(raw / 16) * 16;
  }
}

export interface SimdContext {
  kernels: SimdExports;
  /** The heap offset of a tensor's data. */
  pointer(info: tf.TensorInfo): number;
  scratch(): Scratch;
  /** Copies bytes within the heap. */
  copy(target: number, source: number, bytes: number): void;
}

const contexts = new WeakMap<object, SimdContext>();

/**
 * The SIMD kernels bound to `backend` when it is the wasm backend running the SIMD build;
 * undefined otherwise (the caller then uses its portable TypeScript kernel).
 */
export function simdContext(backend: object): SimdContext | undefined {
  if (!('wasm' in backend) || !tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) return undefined;
  const known = contexts.get(backend);
  if (known) return known;
  const wasmBackend = backend as WasmBackend;
  const bytes = Buffer.from(kernelsWasmBase64, 'base64');
  const instance = new webAssembly.Instance(new webAssembly.Module(bytes),
    { env: { memory: wasmBackend.wasm.asm.memory } });
  const context: SimdContext = {
    kernels: instance.exports as unknown as SimdExports,
    pointer: (info) => wasmBackend.dataIdMap.get(info.dataId).memoryOffset,
    scratch: () => new Scratch(wasmBackend.wasm),
    copy: (target, source, bytes) => {
      wasmBackend.wasm.HEAPU8.copyWithin(target, source, source + bytes);
    },
  };
  contexts.set(backend, context);
  return context;
}
