import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/io/atomic.js';

test('an atomic write replaces the whole file and leaves no temporary file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apl-atomic-'));
  const path = join(folder, 'result.json');
  writeFileAtomic(path, 'first version, longer than the second');
  writeFileAtomic(path, new TextEncoder().encode('second'));
  assert.equal(readFileSync(path, 'utf8'), 'second');
  assert.deepEqual(readdirSync(folder), ['result.json']);
});

test('an atomic write that fails leaves neither the file nor a temporary file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apl-atomic-'));
  const path = join(folder, 'absent', 'result.json');
  assert.throws(() => writeFileAtomic(path, 'data'), { code: 'ENOENT' });
  assert.ok(!existsSync(path));
  assert.deepEqual(readdirSync(folder), []);
});
