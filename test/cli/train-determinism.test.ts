import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'apl-train-determinism-'));

/** Trains a small MLP run on a backend; returns its history without timings and its labels. */
function run(name: string, backend: string) {
  const out = join(folder, name);
  const result = runCli(['train', '--model', 'mlp', '--epochs', '2', '--subset', '600',
    '--test-subset', '500', '--seed', '5', '--backend', backend, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  const history = readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n')
    .map((line) => {
      const { seconds: _s, imagesPerSecond: _i, ...figures } = JSON.parse(line);
      return figures as Record<string, number>;
    });
  const labels = JSON.parse(readFileSync(join(out, 'noisy-labels.json'), 'utf8')).labels;
  return { history, labels };
}

describe('apl train determinism', { concurrency: false }, () => {
  after(() => rmSync(folder, { recursive: true, force: true }));
  let wasmRun: ReturnType<typeof run> | undefined;

  it('repeats a run exactly with the same seed', () => {
    const first = run('wasm-1', 'wasm');
    wasmRun = first;
    const second = run('wasm-2', 'wasm');
    assert.deepEqual(second.labels, first.labels);
    assert.deepEqual(second.history, first.history);
  });

  it('gives the same history on the cpu and wasm backends, up to float rounding', () => {
    const wasm = wasmRun ?? run('wasm-3', 'wasm');
    const cpu = run('cpu', 'cpu');
    assert.deepEqual(cpu.labels, wasm.labels);
    cpu.history.forEach((record, i) => {
      const other = wasm.history[i]!;
      assert.equal(record.trainAccuracy, other.trainAccuracy);
      assert.equal(record.testAccuracy, other.testAccuracy);
      for (const key of ['trainLoss', 'testLoss']) {
        const difference = Math.abs(record[key]! - other[key]!) / Math.abs(other[key]!);
        assert.ok(difference < 1e-4, `${key} of epoch ${i + 1}: ${record[key]} vs ${other[key]}`);
      }
    });
  });
});
