import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

test('apl sweep refuses bad grids with one line and exit code 2, before training anything', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apl-sweep-cli-'));
  const out = join(dir, 'sweep');
  const base = ['sweep', '--out', out];
  const cases: [string[], RegExp][] = [
    [[...base, '--noise', 'symmetric:0.4'], /^apl: a sweep needs --losses/],
    [[...base, '--losses', 'ce'], /^apl: a sweep needs --noise/],
    [[...base, '--losses', 'ce', '--noise', 'symmetric:1.5'], /^apl: --noise: noise rate "1\.5"/],
    [[...base, '--losses', 'ce', '--noise', 'uniform:0.2'], /^apl: --noise: unknown noise type/],
    [[...base, '--losses', 'ce', '--noise', 'pair:0.2', '--jobs', '0'], /^apl: --jobs "0"/],
    [[...base, '--losses', 'ce', '--noise', 'pair:0.2', '--seeds', '1,x'], /^apl: --seeds: "x"/],
    [[...base, '--grid', join(dir, 'none.yaml')], /^apl: grid file .*none\.yaml cannot be read/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  assert.ok(!existsSync(out), 'nothing was written');
});

test('apl sweep will not continue a sweep folder with other training settings', () => {
  const out = mkdtempSync(join(tmpdir(), 'apl-sweep-cli-'));
  writeFileSync(join(out, 'sweep.json'), JSON.stringify({
    dataset: 'mnist', losses: ['ce'], noise: [{ type: 'symmetric', rate: 0.4 }], seeds: [1],
    epochs: 50, trainArgs: [],
  }));
  const result = runCli(['sweep', '--losses', 'ce', '--noise', 'symmetric:0.4', '--epochs', '2',
    '--out', out]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr,
    /^apl: .* holds a sweep with dataset mnist, epochs 50, .*not .*epochs 2/);
});
