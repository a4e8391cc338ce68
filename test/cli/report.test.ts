import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { writeFinishedRun, writeStartedRun } from '../unit/report/run-folders.js';

const sym = (rate: number) => ({ type: 'symmetric', rate });

function sweepFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'apl-report-cli-'));
  writeFinishedRun(root, { loss: 'ce', noise: sym(0.4), seed: 1, finalTestAccuracy: 0.81 });
  writeFinishedRun(root, { loss: 'ce', noise: sym(0.4), seed: 2, finalTestAccuracy: 0.83 });
  writeFinishedRun(root, { loss: 'nce+rce', noise: sym(0.4), seed: 1, finalTestAccuracy: 0.97,
    bestTestAccuracy: 0.98 });
  writeStartedRun(root, { loss: 'nce+rce', noise: sym(0.4), seed: 2 });
  return root;
}

test('apl report prints the Markdown table by default', () => {
  const result = runCli(['report', sweepFolder()]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /\| ce \| 82\.00 ± 1\.41 \|/);
  assert.match(result.stdout, /\| nce\+rce \| \*\*97\.00\*\* \|/);
  assert.match(result.stdout, /Runs without a result: `nce\+rce\/symmetric-0\.4\/seed-2`/);
});

test('apl report --metric best --format json', () => {
  const result = runCli(['report', sweepFolder(), '--metric', 'best', '--format', 'json']);
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.metric, 'best');
  assert.deepEqual(json.rows[1].cells[0].mean, 0.98);
});

test('apl report --out writes the file in the format its name ends with', () => {
  const root = sweepFolder();
  const out = join(root, 'table.html');
  const result = runCli(['report', root, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(readFileSync(out, 'utf8'), /^<!DOCTYPE html>[\s\S]*<svg/);
});

test('apl report --charts saves each chart as SVG and the Markdown links them', () => {
  const root = sweepFolder();
  const out = join(root, 'docs', 'table.md');
  const result = runCli(['report', root, '--out', out, '--charts', join(root, 'docs', 'plots')]);
  assert.equal(result.status, 0, result.stderr);

  const files = readdirSync(join(root, 'docs', 'plots')).sort();
  assert.deepEqual(files, [
    'accuracy-per-epoch-symmetric-0.4.svg',
    'accuracy-vs-symmetric-noise.svg',
    'per-class-ce-symmetric-0.4-seed-1.svg',
  ]);
  for (const file of files) {
    assert.match(readFileSync(join(root, 'docs', 'plots', file), 'utf8'), /^<svg/);
  }
  const markdown = readFileSync(out, 'utf8');
  assert.match(markdown,
    /!\[Test accuracy against symmetric noise rate\]\(plots\/accuracy-vs-symmetric-noise\.svg\)/);
  assert.match(markdown, /\(plots\/per-class-ce-symmetric-0\.4-seed-1\.svg\)/);
});

test('apl report refuses bad input with one line and exit code 2', () => {
  const root = sweepFolder();
  const cases: [string[], RegExp][] = [
    [['report', root, '--format', 'pdf'], /^apl: --format pdf is not known; use one of md, csv/],
    [['report', root, '--metric', 'median'], /^apl: --metric median is not known/],
    [['report', join(root, 'nowhere')], /^apl: .*nowhere does not exist/],
    [['report', join(root, 'ce', 'symmetric-0.4', 'seed-9')], /^apl: .*seed-9 does not exist/],
    [['report', mkdtempSync(join(tmpdir(), 'apl-empty-'))], /^apl: .* holds no finished runs/],
    [['report', root, '--compare', join(root, 'none.csv')], /^apl: --compare .*none\.csv cannot/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  assert.ok(!existsSync(join(root, 'report.md')));
});
