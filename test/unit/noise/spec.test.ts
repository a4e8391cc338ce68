import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { parseNoiseSpec } from '../../../src/noise/spec.js';
import { temporaryFolder } from '../data/files.js';

function assertUsageError(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: Error) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('flags become noise specs', () => {
  assert.deepEqual(parseNoiseSpec({}), { type: 'none' });
  assert.deepEqual(parseNoiseSpec({ noise: 'symmetric', rate: '0.4' }),
    { type: 'symmetric', rate: 0.4 });
  assert.deepEqual(parseNoiseSpec({ noise: 'symmetric', rate: 0.8, convention: 'uniform' }),
    { type: 'symmetric', rate: 0.8, convention: 'uniform' });
  assert.deepEqual(parseNoiseSpec({ noise: 'asymmetric', rate: '1', preset: 'superclass' }),
    { type: 'asymmetric', rate: 1, preset: 'superclass' });
  assert.deepEqual(parseNoiseSpec({ noise: 'pair', rate: '0' }), { type: 'pair', rate: 0 });
  assert.deepEqual(parseNoiseSpec({ matrix: '[[0.9, 0.1], [0, 1]]', sampling: 'exact' }),
    { type: 'matrix', matrix: [[0.9, 0.1], [0, 1]], sampling: 'exact' });
  assert.deepEqual(parseNoiseSpec({ labelsFile: 'noisy.csv' }),
    { type: 'file', path: 'noisy.csv' });
});

test('a noise rate of -0.1, 1.5, abc or nothing is a usage error naming the rate', () => {
  assertUsageError(() => parseNoiseSpec({ noise: 'symmetric', rate: '-0.1' }),
    /noise rate -0.1 is outside \[0, 1\]/);
  assertUsageError(() => parseNoiseSpec({ noise: 'pair', rate: 1.5 }),
    /noise rate 1.5 is outside \[0, 1\]/);
  assertUsageError(() => parseNoiseSpec({ noise: 'asymmetric', rate: 'abc' }),
    /noise rate 'abc' is not a number/);
  assertUsageError(() => parseNoiseSpec({ noise: 'symmetric' }), /noise rate is missing/);
  assertUsageError(() => parseNoiseSpec({ rate: '0.2' }), /without a noise type/);
});

test('unknown names are usage errors listing the allowed ones', () => {
  assertUsageError(() => parseNoiseSpec({ noise: 'gaussian', rate: '0.2' }),
    /unknown noise type 'gaussian': expected one of none, symmetric/);
  assertUsageError(() => parseNoiseSpec({ noise: 'symmetric', rate: '0.2', convention: 'x' }),
    /unknown symmetric noise convention 'x': expected one of reference, uniform/);
  assertUsageError(() => parseNoiseSpec({ matrix: '[[1]]', sampling: 'sometimes' }),
    /unknown matrix sampling/);
});

test('a matrix whose rows do not sum to 1 is an error, with a hint when columns do', () => {
  assertUsageError(() => parseNoiseSpec({ matrix: '[[0.5, 0.4], [0, 1]]' }),
    /row 0 sums to 0.9, not 1 \(rows are clean classes/);
  assertUsageError(() => parseNoiseSpec({ matrix: '[[0.9, 0.2], [0.1, 0.8]]' }),
    /its columns sum to 1: transpose it/);
  assertUsageError(() => parseNoiseSpec({ matrix: '[[1, 0]]' }), /square/);
  assertUsageError(() => parseNoiseSpec({ matrix: '[[1.5, -0.5], [0, 1]]' }),
    /cell \[0\]\[1\] = -0.5 must be a non-negative number/);
  assertUsageError(() => parseNoiseSpec({ matrix: '[[1, 0], [0, 1]' }), /not valid JSON/);
  assertUsageError(() => parseNoiseSpec({ noise: 'matrix' }), /needs a transition matrix/);
});

test('a matrix can be read from a JSON file, named in its errors', () => {
  const folder = temporaryFolder();
  const good = join(folder, 'good.json');
  writeFileSync(good, '[[0.6, 0.4], [0.3, 0.7]]');
  assert.deepEqual(parseNoiseSpec({ matrix: good }),
    { type: 'matrix', matrix: [[0.6, 0.4], [0.3, 0.7]] });
  const bad = join(folder, 'bad.json');
  writeFileSync(bad, '[[0.6, 0.3], [0.3, 0.7]]');
  assertUsageError(() => parseNoiseSpec({ matrix: bad }), new RegExp(`${bad}: row 0 sums`));
  assertUsageError(() => parseNoiseSpec({ matrix: join(folder, 'absent.json') }), /not found/);
});
