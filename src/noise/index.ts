export type {
  NoiseSpec, NoiseSpecInput, NoiseType, SymmetricConvention, MatrixSampling,
} from './spec.js';
export { noiseTypes, parseNoiseSpec, parseNoiseRate, parseTransitionMatrix } from './spec.js';
export type { NoiseReport } from './report.js';
export { formatNoiseReport } from './report.js';
export { applyNoise } from './apply.js';
export type { AsymmetricPreset } from './asymmetric.js';
export { asymmetricPresets, findAsymmetricPreset } from './asymmetric.js';
export { saveNoisyLabels, loadNoisyLabels } from './label-file.js';
export { symmetricNoise } from './symmetric.js';
export { exactRowCounts, pairFlipMatrix } from './transition.js';
