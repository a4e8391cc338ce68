import type * as tf from '@tensorflow/tfjs';

/** A loss's name and parameters: enough to rebuild it with `lossFromConfig`. */
export interface LossConfig {
  name: string;
  params: Record<string, number | boolean | number[]>;
}

/**
 * A loss as tfjs expects it: labels and logits in, the batch mean out. It also carries its
 * name (tfjs names the training history after a function's `name`) and its config, since
 * tfjs stores a function loss as an empty object when it saves a model.
 */
export type LossFunction = ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar) & {
  readonly lossName: string;
  readonly config: LossConfig;
  /** Active Negative Loss's `delta`: the trainer adds `l1 * sum |theta|` over the weights. */
  readonly weightPenalty?: { l1: number };
};

/** The options every loss factory and `lossByName` accept; each loss reads the ones it uses. */
export interface LossOptions {
  numClasses: number;
  alpha?: number;
  beta?: number;
  scale?: number;
  q?: number;
  gamma?: number;
  a?: number;
  delta?: number;
  lambda?: number;
  logZero?: number;
  fromLogits?: boolean;
  /** NLNL: how many training labels each class has, for its class weights. */
  labelCounts?: number[];
  /** NLNL: seed of the negative labels it draws. */
  seed?: number;
  [other: string]: unknown;
}

/**
 * How a loss treats the classes (Ma et al. 2020): an active loss only pushes up the
 * labelled class's probability, a passive loss also pushes down other classes'.
 */
export type LossKind = 'active' | 'passive' | 'combined';

export interface LossParameterInfo {
  name: string;
  default: number | boolean | number[] | null;
  description: string;
}

export interface LossInfo {
  name: string;
  kind: LossKind;
  /** Normalized, symmetric or asymmetric: robust to label noise in the papers' sense. */
  robust: boolean;
  summary: string;
  params: LossParameterInfo[];
}
