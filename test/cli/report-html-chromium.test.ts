import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from './run-cli.js';
import { writeFinishedRun } from '../unit/report/run-folders.js';

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((name) =>
  spawnSync('which', [name], { encoding: 'utf8' }).status === 0);

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}


test('the HTML report renders in headless Chromium', { skip: chromium === undefined
  ? 'Chromium is not installed' : false }, () => {
  const root = mkdtempSync(join(tmpdir(), 'apl-report-html-'));
  for (const loss of ['ce', 'gce', 'nce+rce']) {
    for (const rate of [0, 0.4, 0.8]) {
      const drop = { ce: 0.6, gce: 0.35, 'nce+rce': 0.2 }[loss] ?? 0;
      const accuracy = 0.98 - rate * drop;
      writeFinishedRun(root, { loss, noise: { type: 'symmetric', rate }, seed: 1,
        finalTestAccuracy: accuracy, history: [accuracy - 0.2, accuracy - 0.05, accuracy] });
    }
  }
  const html = join(root, 'report.html');
  const report = runCli(['report', root, '--out', html]);
  assert.equal(report.status, 0, report.stderr);

  const screenshot = join(root, 'report.png');
  const browser = spawnSync(chromium!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'apl-chromium-'))}`,
    '--window-size=1200,1600', `--screenshot=${screenshot}`, pathToFileURL(html).href,
  ], { encoding: 'utf8', timeout: 90_000 });
  assert.ok(existsSync(screenshot), `no screenshot: ${browser.stderr}`);

  const png = readFileSync(screenshot);
  assert.deepEqual(pngSize(png), { width: 1200, height: 1600 });
  // A blank page of this size compresses to about 8 kB; the table and charts make far more.
  assert.ok(png.length > 50_000, `the page looks blank (${png.length} bytes)`);
  console.log(`screenshot: ${screenshot}`);
});
