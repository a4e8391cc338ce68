// Runs node's test runner over the *.test.ts files of the named test folders
// (unit, cli, slow); Node 20's runner does not expand globs itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const kinds = process.argv.slice(2);
const files = kinds.flatMap((kind) => testFiles(join('test', kind))).sort();
if (files.length === 0) {
  console.error(`no test files under test/{${kinds.join(',')}}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
