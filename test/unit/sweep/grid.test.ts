import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseLossList,
  parseSweepNoise,
  parseSeedList,
  readGridFile,
  resolveGrid,
} from '../../../src/sweep/grid.js';
import { planRuns, trainArguments } from '../../../src/sweep/plan.js';
import { readManifest, recordManifest } from '../../../src/sweep/manifest.js';
import { UsageError } from '../../../src/errors.js';

const usageError = (pattern: RegExp) => (error: Error) =>
  error instanceof UsageError && pattern.test(error.message);

test('a noise spec gives one setting per rate', () => {
  assert.deepEqual(parseSweepNoise('symmetric:0,0.2,0.8'), [
    { type: 'symmetric', rate: 0 },
    { type: 'symmetric', rate: 0.2 },
    { type: 'symmetric', rate: 0.8 },
  ]);
  assert.deepEqual(parseSweepNoise('asymmetric: 0.4'), [{ type: 'asymmetric', rate: 0.4 }]);
});

test('bad noise specs, loss names and seeds are usage errors naming the input', () => {
  assert.throws(() => parseSweepNoise('symmetric'),
    usageError(/--noise "symmetric" must look like/));
  assert.throws(() => parseSweepNoise('gaussian:0.2'), usageError(/unknown noise type "gaussian"/));
  assert.throws(() => parseSweepNoise('symmetric:0.2,1.5'),
    usageError(/"1\.5" must be .* \[0, 1\)/));
  assert.throws(() => parseSweepNoise('symmetric:abc'), usageError(/"abc"/));
  assert.throws(() => parseSweepNoise('symmetric:0.2,'), usageError(/empty item/));
  assert.throws(() => parseLossList('ce,../x'), usageError(/"\.\.\/x" is not a loss name/));
  assert.throws(() => parseSeedList('1,2.5'), usageError(/"2\.5" is not an integer seed/));
  assert.deepEqual(parseLossList('ce, nce+rce'), ['ce', 'nce+rce']);
  assert.deepEqual(parseSeedList('1,2,3'), [1, 2, 3]);
});

test('a grid file is read, flags override it, and repeats are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apl-grid-'));
  const path = join(dir, 'grid.yaml');
  writeFileSync(path, [
    'dataset: mnist',
    'losses: [ce, gce]',
    'noise:',
    '  - symmetric:0,0.4',
    '  - { type: asymmetric, rates: [0.2] }',
    'seeds: [1, 2]',
    'epochs: 3',
    'trainArgs: [--backend, cpu]',
  ].join('\n'));
  const grid = resolveGrid(readGridFile(path), { seeds: [7], subset: 500 });
  assert.deepEqual(grid, {
    dataset: 'mnist',
    losses: ['ce', 'gce'],
    noise: [
      { type: 'symmetric', rate: 0 },
      { type: 'symmetric', rate: 0.4 },
      { type: 'asymmetric', rate: 0.2 },
    ],
    seeds: [7],
    epochs: 3,
    subset: 500,
    trainArgs: ['--backend', 'cpu'],
  });

  writeFileSync(path, 'losses: [ce]\nnoise: [symmetric:0.2]\nepoch: 3\n');
  assert.throws(() => readGridFile(path), usageError(/grid\.yaml.*epoch/));
  assert.throws(() => resolveGrid({}, { noise: parseSweepNoise('pair:0.2') }),
    usageError(/needs --losses/));
  assert.throws(() => resolveGrid({}, { losses: ['ce', 'ce'], noise: parseSweepNoise('pair:0.2') }),
    usageError(/"ce" is given twice/));
});

test('runs are planned seed by seed, each in its own folder, with apl train\'s flags', () => {
  const grid = resolveGrid({}, {
    losses: ['ce', 'nce+rce'], noise: parseSweepNoise('symmetric:0.4'), seeds: [1, 2],
    epochs: 1, subset: 300, trainArgs: ['--backend', 'cpu'],
  });
  const runs = planRuns(grid);
  assert.deepEqual(runs.map((run) => run.folder), [
    join('ce', 'symmetric-0.4', 'seed-1'),
    join('nce+rce', 'symmetric-0.4', 'seed-1'),
    join('ce', 'symmetric-0.4', 'seed-2'),
    join('nce+rce', 'symmetric-0.4', 'seed-2'),
  ]);
  assert.deepEqual(trainArguments(grid, runs[1]!, '/sweep/run', true), [
    '--dataset', 'mnist', '--loss', 'nce+rce', '--noise', 'symmetric', '--rate', '0.4',
    '--seed', '1', '--epochs', '1', '--subset', '300', '--out', '/sweep/run', '--resume',
    '--backend', 'cpu',
  ]);
  assert.ok(!trainArguments(grid, runs[0]!, '/sweep/run', false).includes('--resume'));
});

test('the sweep record grows with new cells but refuses different training settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apl-manifest-'));
  const first = resolveGrid({}, {
    losses: ['ce'], noise: parseSweepNoise('symmetric:0.4'), epochs: 2,
  });
  recordManifest(dir, first);
  const second = resolveGrid({}, {
    losses: ['gce'], noise: parseSweepNoise('symmetric:0.4,0.8'), seeds: [2], epochs: 2,
  });
  const recorded = recordManifest(dir, second);
  assert.deepEqual(recorded.losses, ['ce', 'gce']);
  assert.deepEqual(recorded.noise.map((noise) => noise.rate), [0.4, 0.8]);
  assert.deepEqual(recorded.seeds, [1, 2]);
  assert.deepEqual(readManifest(dir), recorded);

  const longer = { ...second, epochs: 50 };
  assert.throws(() => recordManifest(dir, longer), usageError(/epochs 2.*not.*epochs 50/));
});
