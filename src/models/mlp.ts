import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random/rng.js';
import { makeClassifier, type Classifier } from './classifier.js';
import { ParameterSet } from './parameters.js';
import { dense, flatten } from './ops.js';

/**
 * A multilayer perceptron for tabular data: dense + ReLU for each hidden width, then a
 * dense output, with Xavier-uniform weights like the reference's dense layers. Inputs of
 * any rank are flattened to [batch, features].
 */
export function mlp(
  name: string,
  options: { inputShape: number[]; numClasses: number; hiddenSizes: number[] },
  random: Random,
): Classifier {
  const parameters = new ParameterSet(random);
  const inFeatures = options.inputShape.reduce((product, size) => product * size, 1);
  const widths = [inFeatures, ...options.hiddenSizes];
  const hidden = options.hiddenSizes.map((width, i) => parameters.dense(`hidden${i + 1}`,
    widths[i]!, width));
  const output = parameters.dense('output', widths[widths.length - 1]!, options.numClasses);

  const forward = (inputs: tf.Tensor): tf.Tensor2D => tf.tidy(() => {
    let x = flatten(inputs);
    for (const layer of hidden) {
      x = tf.relu(dense(x, layer.weight as tf.Tensor2D, layer.bias as tf.Tensor1D));
    }
    return dense(x, output.weight as tf.Tensor2D, output.bias as tf.Tensor1D);
  });
  return makeClassifier(name, parameters, forward);
}
