import { UsageError } from '../errors.js';

export type ParamValue = number | boolean | number[];
export type ResolvedParams = Record<string, ParamValue>;

/** A rule a parameter's value must follow, with the words an error uses to say so. */
export interface ParamRule {
  allowed: string;
  accepts(value: unknown): boolean;
}

export interface ParamSpec {
  name: string;
  /** The value used when the option is not given; `null` means "computed" (see description). */
  default: ParamValue | null;
  description: string;
  rule: ParamRule;
}

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

export const rules = {
  positive: { allowed: 'a finite number > 0', accepts: (v) => isFiniteNumber(v) && v > 0 },
  nonNegative: { allowed: 'a finite number >= 0', accepts: (v) => isFiniteNumber(v) && v >= 0 },
  negative: { allowed: 'a finite number < 0', accepts: (v) => isFiniteNumber(v) && v < 0 },
  aboveOne: { allowed: 'a finite number > 1', accepts: (v) => isFiniteNumber(v) && v > 1 },
  unitInterval: {
    allowed: 'a number in (0, 1]',
    accepts: (v) => isFiniteNumber(v) && v > 0 && v <= 1,
  },
  openUnitInterval: {
    allowed: 'a number in (0, 1)',
    accepts: (v) => isFiniteNumber(v) && v > 0 && v < 1,
  },
  positiveInteger: {
    allowed: 'an integer >= 1',
    accepts: (v) => Number.isInteger(v) && (v as number) >= 1,
  },
  integer: { allowed: 'an integer', accepts: (v) => Number.isInteger(v) },
  boolean: { allowed: 'true or false', accepts: (v) => typeof v === 'boolean' },
  counts: {
    allowed: 'an array of numClasses counts >= 0, at least one of them > 0',
    accepts: (v) =>
      Array.isArray(v) && v.every((c) => isFiniteNumber(c) && c >= 0) && v.some((c) => c > 0),
  },
} satisfies Record<string, ParamRule>;

/**
 * Reads a loss's parameters from the options, filling in defaults. Throws a `UsageError`
 * naming the loss and the parameter when a value breaks its rule.
 */
export function resolveParams(
  lossName: string,
  specs: readonly ParamSpec[],
  options: Record<string, unknown>,
): ResolvedParams {
  const params: ResolvedParams = {};
  for (const spec of specs) {
    const given = options[spec.name];
    if (given === undefined) {
      if (spec.default !== null) params[spec.name] = spec.default;
      continue;
    }
    if (!spec.rule.accepts(given)) {
      throw new UsageError(
        `${lossName}: ${spec.name} = ${JSON.stringify(given)} is not allowed; ` +
          `expected ${spec.rule.allowed}`,
      );
    }
    params[spec.name] = given as ParamValue;
  }
  return params;
}

/** A resolved number parameter (the specs guarantee its presence and type). */
export function numberParam(params: ResolvedParams, name: string): number {
  const value = params[name];
  if (typeof value !== 'number') throw new Error(`loss parameter ${name} is not resolved`);
  return value;
}

export function booleanParam(params: ResolvedParams, name: string): boolean {
  return params[name] === true;
}

/** Parameter descriptions shared by several losses. */
export const scaleParam: ParamSpec = {
  name: 'scale',
  default: 1,
  description: 'weight of the loss',
  rule: rules.nonNegative,
};

export function weightParam(name: 'alpha' | 'beta', defaultValue: number, of: string): ParamSpec {
  return { name, default: defaultValue, description: `weight of ${of}`, rule: rules.nonNegative };
}

export const gammaParam: ParamSpec = {
  name: 'gamma',
  default: 0.5,
  description: 'focusing exponent of the focal factor (1 - p)^gamma',
  rule: rules.nonNegative,
};

export const fullFocalGradientParam: ParamSpec = {
  name: 'fullFocalGradient',
  default: false,
  description:
    'differentiate the focal factor too; false (the reference) holds it constant in the gradient',
  rule: rules.boolean,
};

export const logZeroParam: ParamSpec = {
  name: 'logZero',
  default: Math.log(1e-4),
  description: 'the value RCE uses for log 0 (reference: log 1e-4; the paper\'s A = -4)',
  rule: rules.negative,
};

export const minProbParam: ParamSpec = {
  name: 'minProb',
  default: 1e-7,
  description: 'p_min, the clamp on probabilities before the log; A = -log p_min',
  rule: rules.openUnitInterval,
};
