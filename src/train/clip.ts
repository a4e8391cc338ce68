import * as tf from '@tensorflow/tfjs';

/** PyTorch's `clip_grad_norm_` adds this to the norm before dividing. */
const normEpsilon = 1e-6;

/**
 * The factor that brings gradients to a global L2 norm of at most `maxNorm`:
 * min(1, maxNorm / (||g|| + 1e-6)), where ||g|| is the norm of all gradients taken as one
 * vector. It stays on the device, so clipping needs no read back to JavaScript.
 */
export function globalNormScale(gradients: readonly tf.Tensor[], maxNorm: number): tf.Scalar {
  return tf.tidy(() => {
    const squares = gradients.map((gradient) => tf.sum(tf.square(gradient)));
    const norm = tf.sqrt(tf.addN(squares));
    return tf.minimum(tf.div(maxNorm, tf.add(norm, normEpsilon)), 1) as tf.Scalar;
  });
}

/** The gradients scaled by `globalNormScale` (as `torch.nn.utils.clip_grad_norm_`). */
export function clipByGlobalNorm(gradients: readonly tf.Tensor[], maxNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const scale = globalNormScale(gradients, maxNorm);
    return gradients.map((gradient) => tf.mul(gradient, scale));
  });
}
