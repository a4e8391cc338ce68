import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadDataset } from '../../../src/data/load.js';
import { applyNoise, pairFlipMatrix, type NoiseSpec } from '../../../src/noise/index.js';

// The noisy MNIST training labels of a few settings, pinned by their SHA-256 (one byte per
// label, so the digest does not depend on the machine's byte order). The noise draws only
// from the seeded integer generator, so these labels are the same on every machine and
// Node version; a change to the noise code that alters them would make earlier runs
// impossible to repeat, and must show up here.
const pinned: { spec: NoiseSpec; seed: number; changed: number; sha256: string }[] = [
  { spec: { type: 'symmetric', rate: 0.4 }, seed: 1, changed: 24_000,
    sha256: 'beb5eb45fcddac035e772a0298566ab93bb2feac1a3f6a1a90b37e46381b89fe' },
  { spec: { type: 'symmetric', rate: 0.4, convention: 'uniform' }, seed: 1, changed: 21_664,
    sha256: 'da7a5788cc4e73771569ee2ab134d923d072c60775ee3a75300d44334df06fe6' },
  { spec: { type: 'asymmetric', rate: 0.4 }, seed: 2, changed: 11_837,
    sha256: '64e06f00d659a6365f8a25d7d86d980c0cf92c109d81b1bab59a76b9a217a944' },
  { spec: { type: 'pair', rate: 0.45 }, seed: 3, changed: 26_980,
    sha256: '2fd27a2d1944291a36fbc642bd33eadbd9a27cee040767ecc04b4cf3d18e5307' },
  { spec: { type: 'matrix', matrix: pairFlipMatrix(10, 0.3), sampling: 'exact' }, seed: 4,
    changed: 17_999, sha256: 'd0a76905da45c09fa404fa4e25971c2bbf5e6e545d54fe1e816f49618ff383d0' },
];

test('the same seed gives the pinned noisy MNIST labels on every run and machine', async () => {
  const mnist = await loadDataset('mnist');
  for (const { spec, seed, changed, sha256 } of pinned) {
    const { labels, report } = applyNoise(mnist, spec, seed);
    const digest = createHash('sha256').update(Uint8Array.from(labels)).digest('hex');
    assert.equal(report.changed, changed, `${JSON.stringify(spec)} seed ${seed}`);
    assert.equal(digest, sha256, `${JSON.stringify(spec)} seed ${seed}`);
    assert.deepEqual(applyNoise(mnist, spec, seed).labels, labels);
  }
});
