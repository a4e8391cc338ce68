import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, renderReport } from '../../../src/report/report.js';
import { writeFinishedRun } from './run-folders.js';
import type { SweepGrid } from '../../../src/sweep/grid.js';

const sym = (rate: number) => ({ type: 'symmetric', rate });

/** ce and gce under symmetric 0.2 and 0.8; gce at 0.8 has no finished run. */
function sweepFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'apl-reporters-'));
  const grid: SweepGrid = {
    dataset: 'mnist', losses: ['ce', 'gce'], noise: [sym(0.2), sym(0.8)], seeds: [1, 2],
    trainArgs: [],
  };
  writeFileSync(join(root, 'sweep.json'), JSON.stringify(grid));
  writeFinishedRun(root, { loss: 'ce', noise: sym(0.2), seed: 1, finalTestAccuracy: 0.98 });
  writeFinishedRun(root, { loss: 'ce', noise: sym(0.2), seed: 2, finalTestAccuracy: 0.96 });
  writeFinishedRun(root, { loss: 'ce', noise: sym(0.8), seed: 1, finalTestAccuracy: 0.3 });
  writeFinishedRun(root, { loss: 'gce', noise: sym(0.2), seed: 1, finalTestAccuracy: 0.985 });
  writeFinishedRun(root, { loss: 'gce', noise: sym(0.2), seed: 2, finalTestAccuracy: 0.985 });
  return root;
}

test('Markdown: percent, sample deviation, best in bold, shortfall and missing', async () => {
  const text = await renderReport(buildReport(sweepFolder()), 'md');
  const lines = text.split('\n');
  assert.ok(lines.includes('| Loss | symmetric 0.2 | symmetric 0.8 |'), text);
  assert.ok(lines.includes('| ce | 97.00 ± 1.41 | **30.00** (1/2) |'), text);
  assert.ok(lines.includes('| gce | **98.50 ± 0.00** | missing (0/2) |'), text);
});

test('CSV: one line per cell with fractions, empty fields where missing', async () => {
  const text = await renderReport(buildReport(sweepFolder()), 'csv');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'loss,noise,rate,mean,std,n,expected,seeds,best');
  assert.equal(lines.length, 5);
  const ce = lines[1]!.split(',');
  assert.deepEqual(ce.slice(0, 3), ['ce', 'symmetric', '0.2']);
  assert.ok(Math.abs(Number(ce[3]) - 0.97) < 1e-12);
  assert.ok(Math.abs(Number(ce[4]) - Math.sqrt(0.0002)) < 1e-12);
  assert.deepEqual(ce.slice(5), ['2', '2', '1 2', 'false']);
  assert.equal(lines[4], 'gce,symmetric,0.8,,,0,2,,false');
});

test('JSON: each cell an object with mean, std and n; missing cells have mean null', async () => {
  const json = JSON.parse(await renderReport(buildReport(sweepFolder()), 'json'));
  assert.equal(json.metric, 'final');
  assert.deepEqual(json.columns.map((column: { label: string }) => column.label),
    ['symmetric 0.2', 'symmetric 0.8']);
  const [ce, gce] = json.rows;
  assert.equal(ce.loss, 'ce');
  assert.ok(Math.abs(ce.cells[0].mean - 0.97) < 1e-12);
  assert.ok(Math.abs(ce.cells[0].std - Math.sqrt(0.0002)) < 1e-12);
  assert.equal(ce.cells[0].n, 2);
  assert.deepEqual(ce.cells[1], {
    noise: { type: 'symmetric', rate: 0.8 }, mean: 0.3, std: null, n: 1, seeds: [1], expected: 2,
    best: true,
  });
  assert.equal(gce.cells[1].mean, null);
  assert.equal(gce.cells[1].n, 0);
});

test('--compare reads a published table in percent and shows ours minus theirs', async () => {
  const root = sweepFolder();
  const paper = join(root, 'paper.csv');
  writeFileSync(paper, 'loss,symmetric 0.2,symmetric 0.8,asymmetric 0.4\n' +
    'ce,98.00 ± 0.10,"35.5",80.0\ngce,99.00±0.05,,\nnlnl,97.0,,\n');
  const report = buildReport(root, { compare: paper });

  const json = JSON.parse(await renderReport(report, 'json'));
  const ceLow = json.rows[0].cells[0];
  assert.deepEqual(ceLow.reference, { mean: 0.98, std: 0.001 });
  assert.ok(Math.abs(ceLow.difference - -0.01) < 1e-12);
  assert.equal(json.rows[1].cells[1].reference, null);
  assert.deepEqual(json.compare.unmatched.sort(),
    ['ce under asymmetric 0.4', 'nlnl under symmetric 0.2']);

  const markdown = await renderReport(report, 'md');
  assert.ok(markdown.includes('| ce | 97.00 / 98.00 (-1.00) | 30.00 / 35.50 (-5.50) |'), markdown);
  assert.ok(markdown.includes('| gce | 98.50 / 99.00 (-0.50) | missing / – |'), markdown);
});

test('--compare reads back the CSV that apl report writes', async () => {
  const root = sweepFolder();
  const ours = join(root, 'ours.csv');
  writeFileSync(ours, await renderReport(buildReport(root), 'csv'));
  const json = JSON.parse(await renderReport(buildReport(root, { compare: ours }), 'json'));
  for (const row of json.rows) {
    for (const cell of row.cells) {
      if (cell.mean === null) {
        assert.equal(cell.reference, null);
      } else {
        assert.equal(cell.reference.mean, cell.mean);
        assert.equal(cell.difference, 0);
      }
    }
  }
});

test('a compare file without a loss column is refused with its name', () => {
  const root = sweepFolder();
  const bad = join(root, 'bad.csv');
  writeFileSync(bad, 'method,symmetric 0.2\nce,98\n');
  assert.throws(() => buildReport(root, { compare: bad }), /bad\.csv.*first column must be "loss"/);
});
