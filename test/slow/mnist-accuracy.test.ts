import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../cli/run-cli.js';

// Issue 4's check of the whole protocol on real MNIST: 40% symmetric noise, NCE+RCE
// (alpha 1, beta 10), the reference hyperparameters, 3 epochs (so the cosine schedule runs
// over 3 epochs), seed 1. The reference PyTorch code reaches 98.76% (96.59% after epoch 1).
describe('MNIST, 40% symmetric noise, NCE+RCE, 3 epochs', () => {
  const out = mkdtempSync(join(tmpdir(), 'apl-mnist-slow-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('reaches a clean test accuracy of at least 98.0%', () => {
    const run = runCli(['train', '--dataset', 'mnist', '--noise', 'symmetric', '--rate', '0.4',
      '--loss', 'nce+rce', '--alpha', '1', '--beta', '10', '--epochs', '3', '--seed', '1',
      '--out', out], { timeoutMs: 3 * 60 * 60 * 1000 });
    assert.equal(run.status, 0, run.stderr);
    process.stdout.write(run.stdout.split('\n').filter((line) => /^(backend|epoch \d\/|final)/
      .test(line)).map((line) => `# ${line}\n`).join(''));

    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    assert.equal(result.epochs, 3);
    assert.equal(result.config.optimizer.weightDecay, 0.01);
    assert.ok(Math.abs(result.noise.actualRate - 0.4) < 0.001);
    assert.ok(result.finalTestAccuracy >= 0.98,
      `final clean test accuracy ${result.finalTestAccuracy} is below 0.98`);
  });
});
