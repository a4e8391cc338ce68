import * as tf from '@tensorflow/tfjs';
import type { LossFunction } from '../losses/types.js';
import type { Classifier } from '../models/index.js';
import { globalNormScale } from './clip.js';
import type { SgdOptimizer } from './sgd.js';

export interface StepSettings {
  learningRate: number;
  /** Global gradient-norm bound (the reference's `grad_bound`); null: no clipping. */
  gradBound: number | null;
}

export interface StepOutcome {
  /** The batch's mean loss, including any weight penalty the loss asks for. */
  loss: number;
  /** How many predictions of the batch equal the (noisy) training labels. */
  correct: number;
}

/**
 * One training step on a batch: forward pass in training mode, loss (plus ANL's
 * `l1 * sum |theta|` when the loss carries a weight penalty), gradients of every
 * trainable variable, global-norm clipping, and the SGD update. The only read back to
 * JavaScript is the loss and the count of correct predictions, in one transfer.
 */
export function trainStep(
  model: Classifier, loss: LossFunction, optimizer: SgdOptimizer,
  inputs: tf.Tensor, labels: tf.Tensor1D, settings: StepSettings,
): StepOutcome {
  const summary = tf.tidy(() => {
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(inputs, true);
      correct = tf.keep(countCorrect(logits, labels));
      const batchLoss = loss(labels, logits);
      return loss.weightPenalty ? tf.add(batchLoss, l1Penalty(model, loss.weightPenalty.l1))
        : batchLoss;
    }, model.trainableVariables);

    const gradients = model.trainableVariables.map((variable) => grads[variable.name]!);
    const scale = settings.gradBound === null ? undefined
      : globalNormScale(gradients, settings.gradBound);
    optimizer.apply(gradients, settings.learningRate, scale);
    const both = tf.stack([value, tf.cast(correct!, 'float32')]);
    correct!.dispose();
    return both;
  });

  const [lossValue, correctCount] = summary.dataSync();
  summary.dispose();
  return { loss: lossValue!, correct: correctCount! };
}

/** The number of rows whose largest logit is at the label's index. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
}

function l1Penalty(model: Classifier, coefficient: number): tf.Scalar {
  const sums = model.trainableVariables.map((variable) => tf.sum(tf.abs(variable)));
  return tf.mul(tf.addN(sums), coefficient);
}
