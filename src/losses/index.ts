// The loss library: every loss of the Active Passive Loss family, its registry and presets.
export type {
  LossConfig,
  LossFunction,
  LossInfo,
  LossKind,
  LossOptions,
  LossParameterInfo,
} from './types.js';
export type { CommonLossOptions, ScaledLossOptions } from './define.js';
export { crossEntropy, normalizedCrossEntropy } from './cross-entropy.js';
export { focalLoss, normalizedFocalLoss, type FocalLossOptions } from './focal.js';
export { meanAbsoluteError, normalizedMeanAbsoluteError } from './mean-absolute-error.js';
export {
  reverseCrossEntropy,
  normalizedReverseCrossEntropy,
  type ReverseCrossEntropyOptions,
} from './reverse-cross-entropy.js';
export {
  generalizedCrossEntropy,
  normalizedGeneralizedCrossEntropy,
  type GeneralizedCrossEntropyOptions,
} from './generalized-cross-entropy.js';
export {
  symmetricCrossEntropy,
  type SymmetricCrossEntropyOptions,
} from './symmetric-cross-entropy.js';
export {
  asymmetricGeneralizedCrossEntropy,
  asymmetricUnhingedLoss,
  asymmetricExponentialLoss,
  type AsymmetricLossOptions,
} from './asymmetric.js';
export {
  normalizedNegativeCrossEntropy,
  normalizedNegativeFocalLoss,
  type NormalizedNegativeLossOptions,
} from './normalized-negative.js';
export { negativeLearning, type NegativeLearningOptions } from './nlnl.js';
export { determinantMutualInformation } from './dmi.js';
export {
  activePassiveLoss,
  namedCombinations,
  nceRce,
  nceMae,
  nflRce,
  nflMae,
  ngceRce,
  ngceMae,
  maeRce,
  gceRce,
  gceMae,
  gceNce,
  ngceNce,
  nflNce,
  nceAgce,
  nceAul,
  nceAel,
  type ActivePassiveOptions,
  type CombinationName,
} from './active-passive.js';
export { anlCe, anlFl, type ActiveNegativeOptions } from './active-negative.js';
export { canonicalLossName, lossByName, lossFromConfig, listLosses } from './registry.js';
export { paperHyperparameters, paperWeightDecay, type PresetDataset } from './presets.js';
