// The public API of active-passive-loss. Each area adds its exports here.
export { UsageError, RunError } from './errors.js';
export { Random } from './random/rng.js';
