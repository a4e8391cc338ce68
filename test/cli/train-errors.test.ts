import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'apl-train-errors-'));

/** Runs `apl train` with bad input: exit 2, one line on stderr, no result written. */
function assertUsageError(args: string[], pattern: RegExp): void {
  const out = join(folder, `run-${Math.random().toString(36).slice(2)}`);
  const run = runCli(['train', ...args, ...(args.includes('--out') ? [] : ['--out', out])]);
  assert.equal(run.status, 2, `exit ${run.status}: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  assert.doesNotMatch(run.stdout, /^epoch /m);
  assert.ok(!existsSync(join(out, 'result.json')));
}

describe('apl train with bad input', () => {
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('rejects epochs 0 and batch size 0', () => {
    assertUsageError(['--epochs', '0'], /^apl: command line: training\.epochs must be at least 1/);
    assertUsageError(['--batch-size', '0'], /training\.batchSize must be at least 1/);
    assertUsageError(['--epochs', 'three'], /^apl: --epochs: expected a number, got "three"/);
  });

  it('rejects an unknown or misspelt flag in one apl: line, with a suggestion', () => {
    assertUsageError(['--frobnicate'], /^apl: unknown option '--frobnicate'$/);
    assertUsageError(['--epoch', '3'], /^apl: unknown option '--epoch' \(Did you mean --epochs\?\)$/);
  });

  it('rejects noise rates -0.1, 1.5 and abc', () => {
    assertUsageError(['--rate', '-0.1'], /noise\.rate must be between 0 and 1, got -0\.1/);
    assertUsageError(['--rate', '1.5'], /noise\.rate must be between 0 and 1, got 1\.5/);
    assertUsageError(['--rate', 'abc'], /--rate: expected a number, got "abc"/);
  });

  it('rejects a transition matrix whose rows do not sum to 1 and an unknown flip preset', () => {
    assertUsageError(['--matrix', '[[0.5, 0.4], [0, 1]]'],
      /^apl: transition matrix: row 0 sums to 0.9/);
    assertUsageError(['--noise', 'asymmetric', '--noise-preset', 'nosuch', '--subset', '200'],
      /nosuch/);
  });

  it('rejects an unknown loss and a loss parameter out of range', () => {
    assertUsageError(['--loss', 'nosuch', '--subset', '200'], /unknown loss "nosuch"/);
    assertUsageError(['--loss', 'gce', '--q', '7', '--subset', '200'],
      /^apl: gce: q = 7 is not allowed/);
    assertUsageError(['--loss', 'ce', '--q', '0.5', '--subset', '200'],
      /^apl: loss ce has no parameter "q"; its parameters are: scale$/m);
    assertUsageError(['--loss', 'nce+rce', '--loss-param', 'gamma=2', '--subset', '200'],
      /^apl: loss nce\+rce has no parameter "gamma"; its parameters are: alpha, beta, logZero$/m);
  });

  it('rejects an unknown config key and a value of the wrong type, naming them', () => {
    const misspelt = join(folder, 'misspelt.yaml');
    writeFileSync(misspelt, 'training:\n  epochs: 2\n  batch_size: 64\n');
    assertUsageError(['--config', misspelt], /misspelt\.yaml: unknown key "training\.batch_size"/);
    const wrongType = join(folder, 'wrong-type.yaml');
    writeFileSync(wrongType, 'optimizer:\n  lr: fast\n');
    assertUsageError(['--config', wrongType], /wrong-type\.yaml: optimizer\.lr must be a number/);
  });

  it('rejects an output folder that cannot be written', () => {
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    assertUsageError(['--out', join(file, 'run')],
      /^apl: output folder .*a-file.run cannot be written/);
  });

  it('rejects --resume without a run folder', () => {
    const run = runCli(['train', '--resume']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^apl: --resume needs --out/);
  });
});
