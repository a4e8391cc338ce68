import * as tf from '@tensorflow/tfjs';
import type { ParameterSet } from './parameters.js';

/** A model that maps a batch of inputs to class logits, with its variables exposed. */
export interface Classifier {
  readonly name: string;
  /** Variables the optimiser updates, in a fixed order. */
  readonly trainableVariables: tf.Variable[];
  /** Variables updated by the forward pass itself (batch-norm running statistics). */
  readonly stateVariables: tf.Variable[];
  /** Every variable under a stable name, for checkpoints. */
  namedVariables(): Record<string, tf.Variable>;
  /**
   * Logits [batch, classes] for inputs NHWC [batch, height, width, channels] (or
   * [batch, features] for the MLP). In training, batch norm uses the batch's statistics
   * and updates its running statistics; otherwise it uses the running statistics.
   */
  apply(inputs: tf.Tensor, training: boolean): tf.Tensor2D;
  dispose(): void;
}

type Forward = (inputs: tf.Tensor, training: boolean) => tf.Tensor2D;

/** Wraps a parameter set and a forward function into a `Classifier`. */
export function makeClassifier(
  name: string, parameters: ParameterSet, forward: Forward,
): Classifier {
  return {
    name,
    trainableVariables: parameters.trainable,
    stateVariables: parameters.state,
    namedVariables: () => ({ ...parameters.byName }),
    apply: forward,
    dispose: () => parameters.dispose(),
  };
}
