import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import { prepareInputs, type LossInputs } from './inputs.js';
import { resolveParams, rules, type ParamSpec, type ResolvedParams } from './params.js';
import type { LossConfig, LossFunction, LossKind } from './types.js';

/** A loss's computation on prepared inputs: the weighted batch mean as a scalar. */
export type LossTerm = (inputs: LossInputs) => tf.Scalar;

/** Everything the registry knows about one loss, and how to build it from its parameters. */
export interface LossSpec {
  name: string;
  kind: LossKind;
  robust: boolean;
  /** The formula in words, as `listLosses` and the README give it. */
  summary: string;
  /** The loss's own parameters; `numClasses` and `fromLogits` are common to all. */
  params: readonly ParamSpec[];
  /** Whether a negative integer label means "leave this item out" (NLNL). */
  allowsIgnoredLabels?: boolean;
  /** Whether the loss is made of per-item terms, so it can be a member of a combination. */
  combinable: boolean;
  /** Checks that need `numClasses` or several parameters; returns a problem or nothing. */
  check?(params: ResolvedParams, numClasses: number): string | undefined;
  build(params: ResolvedParams, numClasses: number): LossTerm;
  weightPenalty?(params: ResolvedParams): { l1: number } | undefined;
}

/** Options every typed loss factory takes. */
export interface CommonLossOptions {
  /** K, the number of classes (at least 2). */
  numClasses: number;
  /** Whether predictions are logits (default) or probabilities. */
  fromLogits?: boolean;
}

/** Options of the losses whose only parameter is an overall weight. */
export interface ScaledLossOptions extends CommonLossOptions {
  /** Weight of the loss; default 1. */
  scale?: number;
}

/** Resolves and checks a loss's options, then returns the loss function with its config. */
export function buildLoss(spec: LossSpec, options: Record<string, unknown>): LossFunction {
  const numClasses = options['numClasses'];
  if (!Number.isInteger(numClasses) || (numClasses as number) < 2) {
    throw new UsageError(
      `${spec.name}: numClasses = ${JSON.stringify(numClasses)} is not allowed; ` +
        'expected an integer >= 2',
    );
  }
  const fromLogits = options['fromLogits'] ?? true;
  if (!rules.boolean.accepts(fromLogits)) {
    throw new UsageError(`${spec.name}: fromLogits must be true or false`);
  }
  const params = resolveParams(spec.name, spec.params, options);
  const problem = spec.check?.(params, numClasses as number);
  if (problem !== undefined) throw new UsageError(`${spec.name}: ${problem}`);

  const config: LossConfig = {
    name: spec.name,
    params: { numClasses: numClasses as number, fromLogits: fromLogits as boolean, ...params },
  };
  const term = spec.build(params, numClasses as number);
  return defineLoss(spec, config, term, spec.weightPenalty?.(params));
}

function defineLoss(
  spec: LossSpec,
  config: LossConfig,
  term: LossTerm,
  weightPenalty: { l1: number } | undefined,
): LossFunction {
  const inputRules = {
    lossName: spec.name,
    numClasses: config.params['numClasses'] as number,
    fromLogits: config.params['fromLogits'] as boolean,
    allowIgnored: spec.allowsIgnoredLabels === true,
  };
  const loss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar =>
    tf.tidy(() => term(prepareInputs(yTrue, yPred, inputRules)));

  Object.defineProperty(loss, 'name', { value: spec.name });
  Object.defineProperty(loss, 'lossName', { value: spec.name, enumerable: true });
  Object.defineProperty(loss, 'config', { value: deepFreeze(config), enumerable: true });
  if (weightPenalty !== undefined) {
    Object.defineProperty(loss, 'weightPenalty', { value: weightPenalty, enumerable: true });
  }
  return loss as LossFunction;
}

function deepFreeze(config: LossConfig): LossConfig {
  const params = Object.fromEntries(
    Object.entries(config.params).map(([key, value]) => [
      key,
      Array.isArray(value) ? Object.freeze([...value]) : value,
    ]),
  );
  return Object.freeze({ name: config.name, params: Object.freeze(params) }) as LossConfig;
}
