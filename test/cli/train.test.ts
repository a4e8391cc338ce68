import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { cliEntry, runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'apl-train-cli-'));

function readHistory(runFolder: string): Record<string, number>[] {
  return readFileSync(join(runFolder, 'history.jsonl'), 'utf8').trim().split('\n')
    .filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, number>);
}

/** The history without its timings, which differ from run to run. */
function figures(runFolder: string): Record<string, number>[] {
  return readHistory(runFolder).map(({ seconds: _s, imagesPerSecond: _i, ...rest }) => rest);
}

/** Starts `apl train` and sends `signal` once the run has finished `afterEpochs` epochs. */
async function interruptedRun(args: string[], runFolder: string, signal: NodeJS.Signals,
  afterEpochs: number): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const history = join(runFolder, 'history.jsonl');
  while (!(existsSync(history) && readHistory(runFolder).length >= afterEpochs)) {
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 700));
  child.kill(signal);
  return { code: await exited, stdout };
}

describe('apl train', { concurrency: false }, () => {
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('trains the MNIST CNN on a subset and fills the run folder', () => {
    const out = join(folder, 'cnn');
    const run = runCli(['train', '--epochs', '2', '--subset', '1000', '--test-subset', '1000',
      '--seed', '1', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^backend: \w+/m);
    assert.match(run.stdout, /noise: symmetric/);
    assert.match(run.stdout, /^epoch 2\/2 {2}train loss [\d.]+ {2}train acc [\d.]+% {2}test acc/m);
    assert.match(run.stdout, /final clean test accuracy/);

    assert.deepEqual(readdirSync(out).sort(), ['checkpoint.bin', 'checkpoint.json', 'config.yaml',
      'history.jsonl', 'noise.json', 'noisy-labels.json', 'result.json']);
    const config = parseYaml(readFileSync(join(out, 'config.yaml'), 'utf8'));
    assert.equal(config.loss.name, 'nce+rce');
    assert.equal(config.training.epochs, 2);
    const noise = JSON.parse(readFileSync(join(out, 'noise.json'), 'utf8'));
    assert.equal(noise.type, 'symmetric');
    assert.ok(Math.abs(noise.actualRate - 0.4) < 0.01);

    const history = readHistory(out);
    assert.deepEqual(history.map((record) => record.epoch), [1, 2]);
    assert.ok(Math.abs(history[1]!.learningRate! - 0.0055) < 1e-12);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    assert.equal(result.status, 'finished');
    assert.equal(result.model, 'mnist-cnn');
    assert.equal(result.subset, 1000);
    assert.equal(result.finalTestAccuracy, history[1]!.testAccuracy);
    assert.ok(result.finalTestAccuracy > 0.5, `test accuracy ${result.finalTestAccuracy}`);
    assert.equal(result.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0), 1000);
    assert.equal(result.perClassTestAccuracy.length, 10);
    assert.equal(result.versions.tfjs, '4.22.0');
  });

  // Epochs of a few seconds, long enough to be interrupted in the middle.
  const mlpArgs = (out: string) => ['train', '--model', 'mlp', '--epochs', '3', '--subset', '6000',
    '--batch-size', '32', '--test-subset', '500', '--seed', '3', '--out', out];

  it('resumed after SIGKILL mid-epoch, ends with the uninterrupted history', async () => {
    const reference = join(folder, 'reference');
    const uninterrupted = runCli(mlpArgs(reference));
    assert.equal(uninterrupted.status, 0, uninterrupted.stderr);

    const out = join(folder, 'killed');
    const killed = await interruptedRun(mlpArgs(out), out, 'SIGKILL', 1);
    assert.equal(killed.code, null);
    assert.ok(!existsSync(join(out, 'result.json')));
    const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
    assert.ok(checkpoint.epochsDone >= 1 && checkpoint.epochsDone < 3,
      `killed after ${checkpoint.epochsDone} epochs`);
    assert.equal(readHistory(out).length, checkpoint.epochsDone);

    const resumed = runCli([...mlpArgs(out), '--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stdout, /resumed after epoch \d/);
    assert.deepEqual(figures(out), figures(reference));
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    assert.deepEqual(result.confusionMatrix,
      JSON.parse(readFileSync(join(reference, 'result.json'), 'utf8')).confusionMatrix);
  });

  it('stops on SIGINT, keeping its checkpoint, and resumes to the same history', async () => {
    const out = join(folder, 'interrupted');
    const interrupted = await interruptedRun(mlpArgs(out), out, 'SIGINT', 1);
    assert.equal(interrupted.code, 130);
    assert.match(interrupted.stdout,
      /interrupted after \d finished epochs; continue with --resume/);
    assert.ok(!existsSync(join(out, 'result.json')));

    // The bare --resume continues with the config stored in the run folder.
    const resumed = runCli(['train', '--out', out, '--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(figures(out), figures(join(folder, 'reference')));
  });

  it('says so when --resume finds no checkpoint, and starts a new run', () => {
    const out = join(folder, 'nothing-to-resume');
    const run = runCli(['train', '--model', 'mlp', '--epochs', '1', '--subset', '100',
      '--test-subset', '100', '--out', out, '--resume']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^no checkpoint in .*nothing-to-resume to resume from; starting a new/m);
    assert.ok(existsSync(join(out, 'result.json')));
  });

  it('refuses to resume with a different config', () => {
    const run = runCli([...mlpArgs(join(folder, 'reference')).map((arg) => arg === '3' ? '4' : arg),
      '--resume']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^apl: --resume: training\.epochs \(4; the run has 3\) differs/);
  });

  it('stops a run whose loss turns NaN, saying where, and keeps the last checkpoint', () => {
    const out = join(folder, 'diverged');
    const run = runCli(['train', '--model', 'mlp', '--epochs', '3', '--subset', '100',
      '--batch-size', '100', '--test-subset', '100', '--lr', '1e30', '--out', out]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp('^apl: the training loss became NaN at epoch 3, step 1 of '
      + '1; the checkpoint of epoch 2 is kept in '));
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.equal(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).epochsDone, 2);
    assert.ok(!existsSync(join(out, 'result.json')));
  });
});
