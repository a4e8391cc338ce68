import type { DatasetName } from '../data/types.js';
import { defaultConfig } from './defaults.js';
import { findPreset, readConfigFile } from './presets.js';
import type { ConfigLayer, TrainConfig } from './schema.js';
import { validateConfigLayer, validateTrainConfig } from './validate.js';

export interface ConfigSources {
  /** A YAML config file (`--config`). */
  configFile?: string;
  /** Values from the command line (or a caller), the highest layer. */
  overrides?: ConfigLayer;
  /** Folder of the presets; the package's `configs/` by default. */
  presetsFolder?: string;
}

export interface ResolvedConfig {
  config: TrainConfig;
  /** The preset file the config started from, or null. */
  presetFile: string | null;
}

/**
 * Builds the config of a run from its layers, later ones winning: the defaults, the
 * preset for the run's dataset, noise type and loss, the config file, then the
 * overrides. Sections merge key by key. Loss parameters merge only between layers that
 * name the same loss: a layer naming another loss (a config file for GCE run with
 * `--loss mae`) keeps its parameters to itself.
 */
export function resolveTrainConfig(sources: ConfigSources): ResolvedConfig {
  const file = sources.configFile === undefined ? {} : readConfigFile(sources.configFile);
  const overrides = validateConfigLayer(sources.overrides ?? {}, 'command line');

  const dataset: DatasetName = overrides.dataset?.name ?? file.dataset?.name ?? 'mnist';
  const noiseType = overrides.noise?.type ?? file.noise?.type ?? 'symmetric';
  const lossName = overrides.loss?.name ?? file.loss?.name ?? 'nce+rce';
  const preset = findPreset(dataset, noiseType, lossName, sources.presetsFolder);

  const layers = [defaultConfig(dataset), preset?.layer ?? {}, file, overrides] as ConfigLayer[];
  const merged = layers.reduce<Record<string, unknown>>(mergeLayer, {});
  merged.loss = { name: lossName, params: mergeLossParams(layers, lossName) };
  return { config: validateTrainConfig(merged, 'config'), presetFile: preset?.file ?? null };
}

function mergeLayer(merged: Record<string, unknown>, layer: ConfigLayer):
  Record<string, unknown> {
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    const held = merged[key];
    merged[key] = isSection(value) && isSection(held)
      ? { ...held, ...definedEntries(value) } : value;
  }
  return merged;
}

function mergeLossParams(layers: ConfigLayer[], lossName: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const layer of layers) {
    const named = layer.loss?.name;
    if (named !== undefined && named !== lossName) continue;
    Object.assign(params, layer.loss?.params ?? {});
  }
  return params;
}

function isSection(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedEntries(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
