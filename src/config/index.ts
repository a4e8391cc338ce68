export type { TrainConfig, ConfigLayer, ModelChoice } from './schema.js';
export { trainConfigSchema, configLayerSchema } from './schema.js';
export { defaultConfig, defaultModelFor } from './defaults.js';
export { findPreset, presetsFolder, presetNoiseFolder, readConfigFile } from './presets.js';
export type { Preset } from './presets.js';
export { resolveTrainConfig } from './resolve.js';
export type { ConfigSources, ResolvedConfig } from './resolve.js';
export { validateConfigLayer, validateTrainConfig } from './validate.js';
