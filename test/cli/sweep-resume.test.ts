import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEntry, runCli } from './run-cli.js';

const losses = ['ce', 'nce+rce'];
const rates = ['0.2', '0.6'];
const seeds = [1, 2];
const runFolders = seeds.flatMap((seed) => rates.flatMap((rate) =>
  losses.map((loss) => join(loss, `symmetric-${rate}`, `seed-${seed}`))));

function sweepArgs(out: string): string[] {
  return [
    'sweep', '--losses', losses.join(','), '--noise', `symmetric:${rates.join(',')}`,
    '--seeds', seeds.join(','), '--epochs', '1', '--subset', '300', '--jobs', '1', '--out', out,
    '--', '--test-subset', '500',
  ];
}

/** Starts a sweep and stops it with SIGINT once `finishedBeforeStop` runs have results. */
function sweepUntil(out: string, finishedBeforeStop: number):
  Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...sweepArgs(out)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.resume();
    const poll = setInterval(() => {
      const finished = runFolders.filter((folder) => existsSync(join(out, folder, 'result.json')));
      if (finished.length >= finishedBeforeStop) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stdout });
    });
  });
}

test('a sweep stopped after its first runs resumes without repeating them and reports every cell',
  { timeout: 240_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'apl-sweep-resume-')), 'sweep');

    const stopped = await sweepUntil(out, 2);
    assert.equal(stopped.code, 130, stopped.stdout);
    assert.match(stopped.stdout, /stopped; run the same command again to continue/);
    const finishedFirst = runFolders.filter((folder) =>
      existsSync(join(out, folder, 'result.json')));
    assert.ok(finishedFirst.length >= 2 && finishedFirst.length < runFolders.length,
      `finished before the stop: ${finishedFirst.join(', ')}`);
    const firstResults = new Map(finishedFirst.map((folder) => {
      const path = join(out, folder, 'result.json');
      return [folder, { text: readFileSync(path, 'utf8'), modified: statSync(path).mtimeMs }];
    }));

    const resumed = runCli(sweepArgs(out), { timeoutMs: 200_000 });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(
      `${runFolders.length - finishedFirst.length} runs finished now, ` +
        `${finishedFirst.length} already finished, 0 failed`));
    for (const [folder, before] of firstResults) {
      const path = join(out, folder, 'result.json');
      assert.equal(statSync(path).mtimeMs, before.modified, `${folder} was run again`);
      assert.equal(readFileSync(path, 'utf8'), before.text);
      const launches = readFileSync(join(out, `${folder}.log`), 'utf8').match(/^== /gm);
      assert.equal(launches?.length, 1, `${folder} was launched more than once`);
    }

    const report = runCli(['report', out, '--format', 'json']);
    assert.equal(report.status, 0, report.stderr);
    const table = JSON.parse(report.stdout);
    assert.deepEqual(table.rows.map((row: { loss: string }) => row.loss), losses);
    assert.deepEqual(table.columns.map((column: { label: string }) => column.label),
      ['symmetric 0.2', 'symmetric 0.6']);
    for (const row of table.rows) {
      for (const cell of row.cells) {
        assert.equal(cell.n, 2, `${row.loss}: ${JSON.stringify(cell)}`);
        assert.deepEqual(cell.seeds, seeds);
        assert.ok(cell.mean > 0 && cell.mean <= 1 && cell.std !== null);
      }
    }
  });
