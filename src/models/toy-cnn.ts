import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random/rng.js';
import { makeClassifier, type Classifier } from './classifier.js';
import { ParameterSet } from './parameters.js';
import { batchNorm, conv2dPadded, dense, flatten, maxPool2x2 } from './ops.js';

/**
 * The reference's `ToyModel`: blocks of (3x3 convolution with bias, batch norm, ReLU)
 * each ending in 2x2 max pooling, then dense + batch norm + ReLU and a dense output.
 * `blocks` lists each block's convolution widths; the MNIST model is [[32], [64]] with a
 * hidden width of 128, the CIFAR-10 model [[64, 64], [128, 128], [196, 196]] with 256.
 */
export function toyCnn(
  name: string,
  options: { inputShape: number[]; numClasses: number; blocks: number[][]; hidden: number },
  random: Random,
): Classifier {
  const [height, width, channels] = options.inputShape as [number, number, number];
  const parameters = new ParameterSet(random);

  let inChannels = channels;
  const blocks = options.blocks.map((widths, blockIndex) => widths.map((outChannels, i) => {
    const prefix = `block${blockIndex + 1}.${i}`;
    const conv = parameters.conv(`${prefix}.conv`, 3, inChannels, outChannels, true);
    const bn = parameters.batchNorm(`${prefix}.bn`, outChannels);
    inChannels = outChannels;
    return { conv, bn };
  }));
  const pooling = 2 ** options.blocks.length;
  const flatSize = Math.floor(height / pooling) * Math.floor(width / pooling) * inChannels;
  const fc1 = parameters.dense('fc1', flatSize, options.hidden);
  const fc1Norm = parameters.batchNorm('fc1.bn', options.hidden);
  const fc2 = parameters.dense('fc2', options.hidden, options.numClasses);

  const forward = (inputs: tf.Tensor, training: boolean): tf.Tensor2D => tf.tidy(() => {
    let x = inputs as tf.Tensor4D;
    for (const block of blocks) {
      for (const { conv, bn } of block) {
        x = batchNorm(conv2dPadded(x, conv.kernel as tf.Tensor4D), bn, training,
          { bias: conv.bias as tf.Tensor1D, relu: true });
      }
      x = maxPool2x2(x);
    }
    const hidden = batchNorm(dense(flatten(x), fc1.weight as tf.Tensor2D), fc1Norm, training,
      { bias: fc1.bias as tf.Tensor1D, relu: true });
    return dense(hidden, fc2.weight as tf.Tensor2D, fc2.bias as tf.Tensor1D);
  });
  return makeClassifier(name, parameters, forward);
}
