import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { allowedKeys, configLayerSchema, trainConfigSchema } from './schema.js';
import type { ConfigLayer, TrainConfig } from './schema.js';

/**
 * Checks one part of a config (a file, a preset, the flags) and returns it typed; the
 * first problem becomes a `UsageError` that names `source` and the key.
 */
export function validateConfigLayer(value: unknown, source: string): ConfigLayer {
  const result = configLayerSchema.safeParse(value ?? {}, { reportInput: true });
  if (!result.success) throw new UsageError(describeIssue(result.error.issues[0]!, source));
  return result.data;
}

/** Checks a complete config, as `validateConfigLayer` does. */
export function validateTrainConfig(value: unknown, source: string): TrainConfig {
  const result = trainConfigSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new UsageError(describeIssue(result.error.issues[0]!, source));
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue, source: string): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = [...issue.path.map(String), issue.keys[0]!].join('.');
    const allowed = allowedKeys(issue.path);
    return `${source}: unknown key "${key}"; allowed${where ? ` in ${where}` : ''}: ${
      allowed.join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${source}: ${where} is missing`;
  }
  const message = issue.code === 'invalid_type' && issue.expected === 'object'
    ? 'must be a mapping of keys to values' : issue.message;
  return `${source}: ${where || 'config'} ${message}, got ${JSON.stringify(issue.input)}`;
}
