import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accuracyVersusNoiseChart, renderSvg } from '../../../src/report/charts.js';
import { buildReport, renderReport } from '../../../src/report/report.js';
import { writeFinishedRun } from './run-folders.js';

const sym = (rate: number) => ({ type: 'symmetric', rate });
const asym = (rate: number) => ({ type: 'asymmetric', rate });

/** Per-class accuracy of a run that learnt the flips 3 -> 8 and 7 -> 1. */
const flippedClasses = [0.99, 0.99, 0.98, 0, 0.99, 0.98, 0.99, 0, 0.97, 0.98];

function sweepFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'apl-html-'));
  for (const loss of ['ce', 'nce+rce']) {
    for (const seed of [1, 2]) {
      for (const noise of [sym(0.2), sym(0.8), asym(0.4)]) {
        const accuracy = (loss === 'ce' ? 0.8 : 0.9) - noise.rate / 4 + seed / 100;
        writeFinishedRun(root, {
          loss, noise, seed, finalTestAccuracy: accuracy, history: [accuracy - 0.1, accuracy],
          perClassTestAccuracy: loss === 'nce+rce' && noise.type === 'asymmetric' && seed === 1
            ? flippedClasses : undefined,
        });
      }
    }
  }
  return root;
}

test('accuracy against noise rate: a line per loss over the rates of one type', async () => {
  const report = buildReport(sweepFolder());
  const spec = accuracyVersusNoiseChart(report.table, 'symmetric');
  const values = (spec as { data: { values: { loss: string; rate: number }[] } }).data.values;
  assert.deepEqual(values.map((value) => `${value.loss}@${value.rate}`).sort(),
    ['ce@0.2', 'ce@0.8', 'nce+rce@0.2', 'nce+rce@0.8']);

  const svg = await renderSvg(spec);
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, />nce\+rce</);
  assert.match(svg, />symmetric noise rate</);
});

test('the HTML report is one self-contained page with the table and every chart', async () => {
  const html = await renderReport(buildReport(sweepFolder()), 'html');

  assert.doesNotMatch(html, /<script|<link|<img|src=|url\(/);
  assert.equal(html.match(/<svg/g)?.length, 5, 'two noise types, two curve settings, one run');
  assert.match(html, /<td class="best">86\.50 ± 0\.71<\/td>/);
  assert.match(html, />Test accuracy against symmetric noise rate</);
  assert.match(html, />Test accuracy per epoch, symmetric 0\.8 noise</);
  assert.match(html, />Test accuracy per epoch, asymmetric 0\.4 noise</);
});

test('the default per-class chart is of the run whose overall figure hides a class', async () => {
  const html = await renderReport(buildReport(sweepFolder()), 'html');
  assert.match(html, /Per-class test accuracy: nce\+rce, asymmetric 0\.4, seed 1/);
  assert.match(html, /<code>nce\+rce\/asymmetric-0\.4\/seed-1<\/code>/);
  assert.match(html, /Test confusion matrix, nce\+rce, asymmetric 0\.4, seed 1/);
});

test('chosen curve settings and per-class runs replace the defaults', async () => {
  const root = sweepFolder();
  const report = buildReport(root, {
    curveSettings: [sym(0.2)],
    perClass: ['ce/symmetric-0.2/seed-2', join(root, 'ce/symmetric-0.8/seed-1')],
  });
  const html = await renderReport(report, 'html');
  assert.equal(html.match(/<svg/g)?.length, 5, 'two noise types, one curve setting, two runs');
  assert.match(html, />Test accuracy per epoch, symmetric 0\.2 noise</);
  assert.doesNotMatch(html, /per epoch, symmetric 0\.8/);
  assert.match(html, /Per-class test accuracy: ce, symmetric 0\.2, seed 2/);
  assert.match(html, /Per-class test accuracy: ce, symmetric 0\.8, seed 1/);
  assert.throws(() => buildReport(root, { perClass: ['gce/symmetric-0.2/seed-1'] }),
    /--per-class gce\/symmetric-0\.2\/seed-1: no finished run/);
});

test('HTML escapes what the runs name', async () => {
  const root = mkdtempSync(join(tmpdir(), 'apl-html-'));
  writeFinishedRun(root, { loss: 'a<b', noise: sym(0.2), seed: 1, finalTestAccuracy: 0.5 });
  writeFileSync(join(root, 'note.txt'), 'not a run');
  const html = await renderReport(buildReport(root), 'html');
  assert.match(html, /<td>a&lt;b<\/td>/);
  assert.doesNotMatch(html, /<td>a<b/);
});
