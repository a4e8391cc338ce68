// The public API of active-passive-loss. Each area adds its exports here.
export { UsageError, RunError } from './errors.js';
export { Random } from './random/rng.js';
export { buildModel, modelNames } from './models/index.js';
export type { Classifier, ModelName, ModelOptions } from './models/index.js';
export { initBackend } from './backend/index.js';
export type { BackendChoice, BackendInfo } from './backend/index.js';
export * from './data/index.js';
export * from './noise/index.js';
export * from './config/index.js';
export * from './train/index.js';
export * from './losses/index.js';
export * from './sweep/index.js';
export * from './report/index.js';
