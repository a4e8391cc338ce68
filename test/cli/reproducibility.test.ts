import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'apl-reproducibility-'));
const packageVersion = (name: string) =>
  (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;

function readJson(path: string) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The history of a run folder without its timings, which differ from run to run. */
function figures(runFolder: string): Record<string, number>[] {
  return readFileSync(join(runFolder, 'history.jsonl'), 'utf8').trim().split('\n')
    .map((line) => {
      const { seconds: _s, imagesPerSecond: _i, ...rest } = JSON.parse(line);
      return rest as Record<string, number>;
    });
}

describe('a run records what repeats it', { concurrency: false }, () => {
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('result.json names the versions, backend, seed and resolved config, which repeat it', () => {
    const first = join(folder, 'first');
    const run = runCli(['train', '--model', 'mlp', '--epochs', '2', '--subset', '300',
      '--test-subset', '200', '--noise', 'pair', '--rate', '0.3', '--seed', '11', '--out', first]);
    assert.equal(run.status, 0, run.stderr);

    const result = readJson(join(first, 'result.json'));
    assert.deepEqual(result.versions, {
      node: process.version,
      tfjs: packageVersion('@tensorflow/tfjs'),
      activePassiveLoss: readJson(new URL('../../package.json', import.meta.url).pathname)
        .version,
    });
    assert.equal(result.backend, /^backend: (\w+)/m.exec(run.stdout)?.[1]);
    assert.equal(result.seed, 11);
    assert.deepEqual(result.config, parseYaml(readFileSync(join(first, 'config.yaml'), 'utf8')));
    assert.equal(result.config.seed, 11);
    assert.deepEqual(result.config.noise, { type: 'pair', rate: 0.3 });
    assert.equal(result.config.dataset.subset, 300);

    // The recorded config alone, on the recorded backend, gives the same run again.
    const recorded = join(folder, 'recorded.yaml');
    const backend = result.backend === 'tensorflow' ? 'node' : result.backend;
    writeFileSync(recorded, toYaml({ ...result.config, backend }));
    const second = join(folder, 'second');
    const repeat = runCli(['train', '--config', recorded, '--out', second]);
    assert.equal(repeat.status, 0, repeat.stderr);
    assert.deepEqual(readJson(join(second, 'noisy-labels.json')).labels,
      readJson(join(first, 'noisy-labels.json')).labels);
    assert.deepEqual(figures(second), figures(first));
    assert.deepEqual(readJson(join(second, 'result.json')).confusionMatrix, result.confusionMatrix);
  });
});
