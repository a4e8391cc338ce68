import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import { registerWasmTrainingKernels } from './wasm/register.js';
import { registerBatchNormKernels } from './kernels/batch-norm.js';
import { registerMaxPoolKernels } from './kernels/max-pool.js';

/** Which engine backend to use; `auto` prefers tfjs-node, then wasm, then cpu. */
export type BackendChoice = 'auto' | 'node' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** The tfjs backend name in use: `tensorflow`, `wasm` or `cpu`. */
  name: string;
  /** Whether the wasm backend runs its SIMD build. */
  simd: boolean;
}

/**
 * Selects and initialises the tfjs backend. `auto` uses `@tensorflow/tfjs-node` when it
 * is installed (it cannot be a dependency: its install downloads a binary), else wasm.
 * On wasm it registers the kernels training needs that the backend lacks, and faster ones;
 * on wasm and cpu, the fused batch-norm and max-pool kernels the models use.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  // TODO(#5): the wasm backend computes on one core; training on both (a worker with its own
  // backend per half batch, gradients averaged in a fixed order), the way to the 1.0x goal,
  // is not built: it changes batch-norm statistics to per-half-batch, so it must be opt-in.
  registerBatchNormKernels();
  registerMaxPoolKernels();
  if (choice === 'node' || choice === 'auto') {
    const hasNode = await import('@tensorflow/tfjs-node' as string).then(() => true, () => false);
    if (hasNode) {
      await tf.setBackend('tensorflow');
      return { name: 'tensorflow', simd: false };
    }
    if (choice === 'node') {
      throw new UsageError('backend node needs @tensorflow/tfjs-node, which is not installed; '
        + 'install it or choose backend wasm or cpu');
    }
  }
  if (choice === 'wasm' || choice === 'auto') {
    await import('@tensorflow/tfjs-backend-wasm');
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    return { name: 'wasm', simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') };
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', simd: false };
}
