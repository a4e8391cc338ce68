import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import {
  asymmetricExponentialLossSpec,
  asymmetricGeneralizedCrossEntropySpec,
  asymmetricUnhingedLossSpec,
} from './asymmetric.js';
import { crossEntropySpec, normalizedCrossEntropySpec } from './cross-entropy.js';
import { buildLoss, type CommonLossOptions, type LossSpec } from './define.js';
import { focalLossSpec, normalizedFocalLossSpec } from './focal.js';
import {
  generalizedCrossEntropySpec,
  normalizedGeneralizedCrossEntropySpec,
} from './generalized-cross-entropy.js';
import {
  meanAbsoluteErrorSpec,
  normalizedMeanAbsoluteErrorSpec,
} from './mean-absolute-error.js';
import {
  normalizedNegativeCrossEntropySpec,
  normalizedNegativeFocalLossSpec,
} from './normalized-negative.js';
import { numberParam, weightParam, type ParamSpec } from './params.js';
import {
  normalizedReverseCrossEntropySpec,
  reverseCrossEntropySpec,
} from './reverse-cross-entropy.js';
import type { LossFunction } from './types.js';

/** Options of a combination: the two weights and the members' own parameters. */
export interface ActivePassiveOptions extends CommonLossOptions {
  /** Weight of the first (active) member; default 1. Ignored when that member is GCE. */
  alpha?: number;
  /** Weight of the second (passive) member; default 1. */
  beta?: number;
  q?: number;
  gamma?: number;
  a?: number;
  logZero?: number;
  minProb?: number;
  fullFocalGradient?: boolean;
}

/** The losses made of per-item terms, which the combinator can pair, by name. */
export const combinableSpecs: ReadonlyMap<string, LossSpec> = new Map(
  [
    crossEntropySpec,
    focalLossSpec,
    generalizedCrossEntropySpec,
    normalizedCrossEntropySpec,
    normalizedFocalLossSpec,
    normalizedGeneralizedCrossEntropySpec,
    meanAbsoluteErrorSpec,
    reverseCrossEntropySpec,
    normalizedMeanAbsoluteErrorSpec,
    normalizedReverseCrossEntropySpec,
    asymmetricGeneralizedCrossEntropySpec,
    asymmetricUnhingedLossSpec,
    asymmetricExponentialLossSpec,
    normalizedNegativeCrossEntropySpec,
    normalizedNegativeFocalLossSpec,
  ].map((spec) => [spec.name, spec]),
);

/** The combinations the APL paper, its code and the asymmetric-loss paper use. */
export const namedCombinations = [
  'nce+rce',
  'nce+mae',
  'nfl+rce',
  'nfl+mae',
  'ngce+rce',
  'ngce+mae',
  'mae+rce',
  'gce+rce',
  'gce+mae',
  'gce+nce',
  'ngce+nce',
  'nfl+nce',
  'nce+agce',
  'nce+aul',
  'nce+ael',
] as const;

export type CombinationName = (typeof namedCombinations)[number];

/**
 * The APL combinator (Ma et al. 2020): alpha * first + beta * second for any two losses made
 * of per-item terms, typically an active one (NCE, NFL, NGCE, CE, FL, GCE) and a passive one
 * (RCE, MAE, NRCE, NMAE, AGCE, AUL, AEL). The members' own `scale` is replaced by the
 * weights; their other parameters (q, gamma, a, logZero, ...) are the combination's.
 * Porting note: as in the reference, GCE as the first member keeps weight 1 (the reference's
 * GCE+RCE, GCE+MAE and GCE+NCE ignore alpha), so such a combination has no `alpha`. The
 * reference's GCE+NCE also ignores beta; here beta weights NCE.
 */
export function combinationSpec(first: LossSpec, second: LossSpec): LossSpec {
  const firstHasUnitWeight = first.name === 'gce';
  const weights = [
    ...(firstHasUnitWeight ? [] : [weightParam('alpha', 1, first.name.toUpperCase())]),
    weightParam('beta', 1, second.name.toUpperCase()),
  ];
  const memberParams = uniqueByName(
    [...first.params, ...second.params].filter((param) => param.name !== 'scale'),
  );
  return {
    name: `${first.name}+${second.name}`,
    kind: 'combined',
    robust: first.robust && second.robust,
    summary: `${firstHasUnitWeight ? '' : 'alpha '}${first.name.toUpperCase()} + beta ` +
      second.name.toUpperCase(),
    params: [...weights, ...memberParams],
    combinable: false,
    check: (params, numClasses) =>
      first.check?.(params, numClasses) ?? second.check?.(params, numClasses),
    build: (params, numClasses) => {
      const alpha = firstHasUnitWeight ? 1 : numberParam(params, 'alpha');
      const firstTerm = first.build({ ...params, scale: alpha }, numClasses);
      const beta = numberParam(params, 'beta');
      const secondTerm = second.build({ ...params, scale: beta }, numClasses);
      return (inputs) => tf.add(firstTerm(inputs), secondTerm(inputs));
    },
  };
}

function uniqueByName(params: ParamSpec[]): ParamSpec[] {
  const seen = new Set<string>();
  return params.filter((param) => !seen.has(param.name) && seen.add(param.name));
}

/** The spec of `first+second`, or a `UsageError` naming the members that can be combined. */
export function combinationSpecByNames(first: string, second: string): LossSpec {
  const firstSpec = combinableSpecs.get(first);
  const secondSpec = combinableSpecs.get(second);
  if (firstSpec === undefined || secondSpec === undefined || first === second) {
    throw new UsageError(
      `unknown loss combination "${first}+${second}"; a combination pairs two different ` +
        `losses of: ${[...combinableSpecs.keys()].join(', ')}`,
    );
  }
  return combinationSpec(firstSpec, secondSpec);
}

/**
 * `alpha * active + beta * passive` for any two combinable losses given by name, for
 * example `activePassiveLoss('nfl', 'nmae', { numClasses: 10, alpha: 1, beta: 1 })`.
 */
export function activePassiveLoss(
  active: string,
  passive: string,
  options: ActivePassiveOptions,
): LossFunction {
  return buildLoss(combinationSpecByNames(active, passive), { ...options });
}

function named(name: CombinationName) {
  const [first, second] = name.split('+') as [string, string];
  return (options: ActivePassiveOptions): LossFunction => activePassiveLoss(first, second, options);
}

/** alpha NCE + beta RCE, the APL paper's main loss. */
export const nceRce = named('nce+rce');
/** alpha NCE + beta MAE. */
export const nceMae = named('nce+mae');
/** alpha NFL + beta RCE. */
export const nflRce = named('nfl+rce');
/** alpha NFL + beta MAE. */
export const nflMae = named('nfl+mae');
/** alpha NGCE + beta RCE. */
export const ngceRce = named('ngce+rce');
/** alpha NGCE + beta MAE. */
export const ngceMae = named('ngce+mae');
/** alpha MAE + beta RCE. */
export const maeRce = named('mae+rce');
/** GCE + beta RCE (GCE keeps weight 1, as in the reference). */
export const gceRce = named('gce+rce');
/** GCE + beta MAE (GCE keeps weight 1, as in the reference). */
export const gceMae = named('gce+mae');
/** GCE + beta NCE (GCE keeps weight 1, as in the reference). */
export const gceNce = named('gce+nce');
/** alpha NGCE + beta NCE. */
export const ngceNce = named('ngce+nce');
/** alpha NFL + beta NCE. */
export const nflNce = named('nfl+nce');
/** alpha NCE + beta AGCE (Zhou et al. 2021). */
export const nceAgce = named('nce+agce');
/** alpha NCE + beta AUL (Zhou et al. 2021). */
export const nceAul = named('nce+aul');
/** alpha NCE + beta AEL (Zhou et al. 2021). */
export const nceAel = named('nce+ael');
