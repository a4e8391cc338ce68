import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import type { DatasetName } from '../data/types.js';
import type { ConfigLayer } from './schema.js';
import { validateConfigLayer } from './validate.js';

/**
 * The folder of the shipped presets, `configs/` at the package root (found by walking up
 * from this module, so it works from the sources and from the build).
 */
export function presetsFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'configs');
    if (existsSync(candidate) && existsSync(join(folder, 'package.json'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the configs folder of the package');
    folder = parent;
  }
}

/** The preset folder of a noise type: asymmetric noise has its own, every other type `sym`. */
export function presetNoiseFolder(noiseType: string): 'sym' | 'asym' {
  return noiseType === 'asymmetric' ? 'asym' : 'sym';
}

/** Fashion-MNIST trains with MNIST's model and protocol; CSV tables have no presets. */
const presetDataset: Record<DatasetName, string | null> = {
  'mnist': 'mnist',
  'fashion-mnist': 'mnist',
  'cifar10': 'cifar10',
  'cifar100': 'cifar100',
  'csv': null,
};

export interface Preset {
  /** The file it came from. */
  file: string;
  layer: ConfigLayer;
}

/**
 * The preset `configs/<dataset>/<sym|asym>/<loss>.yaml`. A loss without its own preset
 * gets the dataset's protocol (the cross-entropy preset without its loss part), so the
 * loss keeps its own default parameters. Null for datasets without presets.
 */
export function findPreset(dataset: DatasetName, noiseType: string, loss: string,
  folder: string = presetsFolder()): Preset | null {
  const datasetFolder = presetDataset[dataset];
  if (datasetFolder === null) return null;
  const base = join(folder, datasetFolder, presetNoiseFolder(noiseType));
  const own = join(base, `${loss}.yaml`);
  if (existsSync(own)) return { file: own, layer: readConfigFile(own) };

  const protocol = join(base, 'ce.yaml');
  if (!existsSync(protocol)) return null;
  const { loss: _crossEntropy, ...rest } = readConfigFile(protocol);
  return { file: protocol, layer: rest };
}

/** Reads and checks a YAML config file; any problem is a `UsageError` naming the file. */
export function readConfigFile(path: string): ConfigLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file'
      : (error as Error).message;
    throw new UsageError(`config ${path}: ${reason}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError(`config ${path}: not valid YAML: ${reason}`);
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new UsageError(`config ${path}: must be a YAML mapping of sections`);
  }
  return validateConfigLayer(value, path);
}
