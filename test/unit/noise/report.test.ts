import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNoiseReport, formatNoiseReport } from '../../../src/noise/report.js';

test('the report counts classes before and after and the row-normalised transitions', () => {
  const clean = Int32Array.from([0, 0, 0, 0, 1, 1, 2, 2]);
  const noisy = Int32Array.from([0, 1, 1, 2, 1, 1, 2, 0]);
  const report = buildNoiseReport(clean, noisy, 4, { type: 'matrix', requestedRate: 0.5,
    expectedRate: 0.45, seed: 3, sampling: 'exact' });
  assert.equal(report.changed, 4);
  assert.equal(report.actualRate, 0.5);
  assert.deepEqual(report.perClass, { clean: [4, 2, 2, 0], noisy: [2, 4, 2, 0] });
  assert.deepEqual(report.transitionMatrix, [
    [0.25, 0.5, 0.25, 0],
    [0, 1, 0, 0],
    [0.5, 0, 0.5, 0],
    [0, 0, 0, 0],
  ]);
  assert.equal(report.sampling, 'exact');
  assert.equal('preset' in report, false);

  const text = formatNoiseReport(report, ['a', 'b', 'c', 'd']);
  assert.match(text, /actual 0\.5000 \(4 of 8 labels changed\)/);
  assert.match(text, /0\.250 0\.500 0\.250 0\.000/);
});
