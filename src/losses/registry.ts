import { UsageError } from '../errors.js';
import {
  activeNegativeCrossEntropySpec,
  activeNegativeFocalLossSpec,
} from './active-negative.js';
import {
  combinableSpecs,
  combinationSpecByNames,
  namedCombinations,
} from './active-passive.js';
import { buildLoss, type LossSpec } from './define.js';
import { determinantMutualInformationSpec } from './dmi.js';
import { negativeLearningSpec } from './nlnl.js';
import { symmetricCrossEntropySpec } from './symmetric-cross-entropy.js';
import type { LossConfig, LossFunction, LossInfo, LossOptions } from './types.js';

/** Every loss that has a name of its own, in the order `listLosses` gives them. */
const namedSpecs: ReadonlyMap<string, LossSpec> = new Map(
  [
    ...combinableSpecs.values(),
    symmetricCrossEntropySpec,
    negativeLearningSpec,
    determinantMutualInformationSpec,
    ...namedCombinations.map((name) => {
      const [first, second] = name.split('+') as [string, string];
      return combinationSpecByNames(first, second);
    }),
    activeNegativeCrossEntropySpec,
    activeNegativeFocalLossSpec,
  ].map((spec) => [spec.name, spec]),
);

/** Other spellings users meet in papers and in the reference's configs. */
const aliases: Readonly<Record<string, string>> = {
  focal: 'fl',
  anlce: 'anl-ce',
  anlfl: 'anl-fl',
  // ANL-CE with the entropy term (lambda) of the ANL code's later version.
  'anl-ce-er': 'anl-ce',
};

/** Options every loss understands besides its own parameters. */
const commonOptions = ['numClasses', 'fromLogits'];

const knownOptions = new Set([
  ...commonOptions,
  ...[...namedSpecs.values()].flatMap((spec) => spec.params.map((param) => param.name)),
]);

function canonicalName(name: string): string {
  const compact = name.trim().toLowerCase().replace(/\s+/g, '').replace(/_/g, '-');
  return compact
    .split('+')
    .map((part) => aliases[part] ?? part)
    .join('+');
}

function specByName(name: string): LossSpec {
  const canonical = canonicalName(name);
  const spec = namedSpecs.get(canonical);
  if (spec !== undefined) return spec;
  const parts = canonical.split('+');
  if (parts.length === 2 && combinableSpecs.has(parts[0]!) && combinableSpecs.has(parts[1]!)) {
    return combinationSpecByNames(parts[0]!, parts[1]!);
  }
  throw new UsageError(
    `unknown loss "${name}"; known losses: ${[...namedSpecs.keys()].join(', ')}, ` +
      `or "a+b" for two of: ${[...combinableSpecs.keys()].join(', ')}`,
  );
}

/**
 * The loss of a name such as `"nce+rce"`, `"NGCE"` or `"sce"` (case-insensitive; `_` and `-`
 * are the same), built with the given options. Options another loss would use (for example
 * `q` for NCE+RCE) are ignored; an option no loss knows is an error, as is a bad value.
 */
export function lossByName(name: string, options: LossOptions): LossFunction {
  const spec = specByName(name);
  const unknown = Object.keys(options).filter((key) => !knownOptions.has(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `${spec.name}: unknown option ${unknown.map((key) => `"${key}"`).join(', ')}; ` +
        `its options are: ${[...commonOptions, ...spec.params.map((p) => p.name)].join(', ')}`,
    );
  }
  return buildLoss(spec, options);
}

/**
 * The canonical name of a loss (`"NCE_RCE"` gives `"nce+rce"`), without building it; an
 * unknown name is a `UsageError` listing the known ones.
 */
export function canonicalLossName(name: string): string {
  return specByName(name).name;
}

/** The names of a loss's own parameters (an unknown name is a `UsageError`). */
export function lossParameterNames(name: string): string[] {
  return specByName(name).params.map((param) => param.name);
}

/** Rebuilds a loss from the config it carries (`loss.config`), for example after loading. */
export function lossFromConfig(config: LossConfig): LossFunction {
  const { name, params } = (config ?? {}) as Partial<LossConfig>;
  if (typeof name !== 'string' || typeof params !== 'object' || params === null) {
    throw new UsageError('a loss config is { name: string, params: object }, as loss.config '
      + `holds; got ${JSON.stringify(config)}`);
  }
  return lossByName(name, params as LossOptions);
}

/** Every named loss with its kind, robustness, formula in words and parameters. */
export function listLosses(): LossInfo[] {
  return [...namedSpecs.values()].map((spec) => ({
    name: spec.name,
    kind: spec.kind,
    robust: spec.robust,
    summary: spec.summary,
    params: spec.params.map((param) => ({
      name: param.name,
      default: param.default,
      description: param.description,
    })),
  }));
}
