import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

export interface Versions {
  node: string;
  tfjs: string;
  activePassiveLoss: string;
}

/** The versions a result depends on, recorded so that a run can be repeated. */
export function versions(): Versions {
  return { node: process.version, tfjs: tf.version.tfjs, activePassiveLoss: packageVersion() };
}

function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as
        { name?: string; version?: string };
      if (name === 'active-passive-loss' && version) return version;
    }
    const parent = dirname(folder);
    if (parent === folder) return 'unknown';
    folder = parent;
  }
}
