import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random/rng.js';
import type { BatchNormState } from './ops.js';
import { defaultBias, kaimingUniform, xavierUniform } from './init.js';

/** Weights of a convolution in tfjs layout: kernel [height, width, in, out]. */
export interface ConvWeights {
  kernel: tf.Variable;
  bias?: tf.Variable;
}

/** Weights of a dense layer: weight [in, out], bias [out]. */
export interface DenseWeights {
  weight: tf.Variable;
  bias: tf.Variable;
}

/**
 * Creates a model's variables in a fixed order from one seeded source and keeps them
 * under stable names (`block1.conv.kernel`, `fc1.bn.runningMean`, ...), so that the same
 * seed gives the same weights and checkpoints can address each variable by name.
 */
export class ParameterSet {
  readonly trainable: tf.Variable[] = [];
  readonly state: tf.Variable[] = [];
  readonly byName: Record<string, tf.Variable> = {};

  constructor(private readonly random: Random) {}

  /** A convolution with the reference's Kaiming-uniform kernel and PyTorch's default bias. */
  conv(
    name: string, size: number, inChannels: number, outChannels: number, withBias: boolean,
  ): ConvWeights {
    const fanIn = inChannels * size * size;
    const kernel = this.add(`${name}.kernel`,
      kaimingUniform([size, size, inChannels, outChannels], fanIn, this.random), true);
    if (!withBias) return { kernel };
    const bias = this.add(`${name}.bias`, defaultBias(outChannels, fanIn, this.random), true);
    return { kernel, bias };
  }

  /** A dense layer with the reference's Xavier-uniform weight and PyTorch's default bias. */
  dense(name: string, inFeatures: number, outFeatures: number): DenseWeights {
    const weight = this.add(`${name}.weight`,
      xavierUniform([inFeatures, outFeatures], inFeatures, outFeatures, this.random), true);
    const bias = this.add(`${name}.bias`, defaultBias(outFeatures, inFeatures, this.random), true);
    return { weight, bias };
  }

  /** Batch normalisation as PyTorch initialises it: scale 1, shift 0, running N(0, 1). */
  batchNorm(name: string, channels: number): BatchNormState {
    return {
      gamma: this.add(`${name}.gamma`, tf.ones([channels]), true),
      beta: this.add(`${name}.beta`, tf.zeros([channels]), true),
      runningMean: this.add(`${name}.runningMean`, tf.zeros([channels]), false),
      runningVariance: this.add(`${name}.runningVariance`, tf.ones([channels]), false),
    };
  }

  dispose(): void {
    for (const variable of [...this.trainable, ...this.state]) variable.dispose();
  }

  private add(name: string, initial: tf.Tensor, trainable: boolean): tf.Variable {
    if (name in this.byName) throw new Error(`model variable ${name} is defined twice`);
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.byName[name] = variable;
    (trainable ? this.trainable : this.state).push(variable);
    return variable;
  }
}
