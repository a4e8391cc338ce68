import assert from 'node:assert/strict';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.js';
import { cifarRecord, idxBytes, writeTinyIdxDataset } from '../unit/data/files.js';
import { writeFinishedRun } from '../unit/report/run-folders.js';

// Bad input to every command that the other CLI tests leave out. Each case checks the
// whole contract: the exit code, exactly one line on stderr naming the input and the
// fault, no stack trace (one with --verbose), and no result file.

const folder = mkdtempSync(join(tmpdir(), 'apl-bad-input-'));
const trainCount = 40;
const testCount = 20;
const cycleLabels = (count: number) => Array.from({ length: count }, (_, i) => i % 10);

/**
 * Runs `apl ...args` and checks that it is refused as bad input (exit 2) in one line
 * matching `message`, and that none of the files `notWritten` exists afterwards.
 */
function assertRefused(args: string[], message: RegExp,
  { notWritten = [] }: { notWritten?: string[] } = {}): void {
  const run = runCli(args);
  assert.equal(run.status, 2, `exit ${run.status}: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `more than one line on stderr:\n${run.stderr}`);
  assert.match(lines[0]!, /^apl: /);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(run.stderr, /^\s+at /m);
  for (const path of notWritten) {
    assert.ok(!existsSync(path), `${path} was written`);
  }
}

/** Runs `apl --verbose ...args`: the same one-line message, then the stack trace. */
function assertVerboseTrace(args: string[], message: RegExp): void {
  const run = runCli(['--verbose', ...args]);
  assert.equal(run.status, 2, run.stderr);
  const [first, ...rest] = run.stderr.trim().split('\n');
  assert.match(first!, /^apl: /);
  assert.match(first!, message);
  assert.match(rest.join('\n'), /^\s+at .*src\//m, `no stack trace:\n${run.stderr}`);
}

/** A tiny Fashion-MNIST-named dataset in a new folder, with `replace` putting its faults in. */
function idxDataset(name: string, replace: (dir: string) => void = () => {}): string {
  const dir = join(folder, name);
  mkdirSync(dir);
  writeTinyIdxDataset(dir, cycleLabels(trainCount), cycleLabels(testCount));
  replace(dir);
  return dir;
}

function writeTrainLabels(dir: string, bytes: Uint8Array): void {
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), bytes);
}

const labelBytes = idxBytes([trainCount], cycleLabels(trainCount));
const labelOutOfRange = cycleLabels(trainCount);
labelOutOfRange[7] = 10;

/** The data folders and files the cases read, each with one fault. */
const fixtures = {
  good: idxDataset('good'),
  wrongMagic: idxDataset('magic', (dir) =>
    writeTrainLabels(dir, Uint8Array.from(labelBytes, (byte, i) => (i === 2 ? 0x09 : byte)))),
  truncated: idxDataset('truncated', (dir) =>
    writeTrainLabels(dir, labelBytes.subarray(0, labelBytes.length - 5))),
  tooLong: idxDataset('too-long', (dir) =>
    writeTrainLabels(dir, Uint8Array.from([...labelBytes, 0, 0]))),
  cutGzip: idxDataset('gzip', (dir) => {
    const packed = gzipSync(readFileSync(join(dir, 'train-images-idx3-ubyte')));
    rmSync(join(dir, 'train-images-idx3-ubyte'));
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), packed.subarray(0, packed.length / 2));
  }),
  labelOutOfRange: idxDataset('label', (dir) =>
    writeTrainLabels(dir, idxBytes([trainCount], labelOutOfRange))),
  trainTable: join(folder, 'train.csv'),
  testTable: join(folder, 'test.csv'),
  notAFolder: join(folder, 'not-a-folder'),
};
writeFileSync(fixtures.trainTable, 'x,y,kind\n1,2,cat\n2,3,dog\n3,4,cat\n4,5,dog\n');
writeFileSync(fixtures.testTable, 'x,y,kind\n1,2,cat\n2,3,bird\n');
writeFileSync(fixtures.notAFolder, '');

function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

/** `apl train` on a small MLP run writing to `out`. */
function trainArgs(out: string, ...args: string[]): string[] {
  return ['train', '--model', 'mlp', '--epochs', '1', '--out', out, ...args];
}

/** The files of a run folder that only a run that started training writes. */
function runOutputs(out: string): string[] {
  return ['result.json', 'checkpoint.json', 'history.jsonl'].map((file) => join(out, file));
}

describe('bad input', { concurrency: false }, () => {
  after(() => rmSync(folder, { recursive: true, force: true }));

  describe('apl train', () => {
    const fashion = (dataDir: string) => ['--dataset', 'fashion-mnist', '--data-dir', dataDir];

    it('refuses a data file with the wrong magic number, truncated or of the wrong size', () => {
      const cases: [string, RegExp][] = [
        [fixtures.wrongMagic,
          /magic.train-labels-idx1-ubyte: wrong magic number 0x00000901, expected 0x00000801/],
        [fixtures.truncated,
          /truncated.train-labels-idx1-ubyte: truncated: the header \[40\] needs 40 data bytes/],
        [fixtures.tooLong,
          /too-long.train-labels-idx1-ubyte: too long: the header \[40\] needs 40 data bytes/],
        [fixtures.cutGzip,
          /gzip.train-images-idx3-ubyte\.gz: the file starts like gzip but does not unpack/],
      ];
      for (const [dataDir, message] of cases) {
        const out = join(folder, `train-${basename(dataDir)}`);
        assertRefused(trainArgs(out, ...fashion(dataDir)), message,
          { notWritten: runOutputs(out) });
      }
    });

    it('refuses a label outside [0, K) in a data file, a noisy-label file and a CSV', () => {
      let out = join(folder, 'train-label');
      assertRefused(trainArgs(out, ...fashion(fixtures.labelOutOfRange)),
        /train-labels-idx1-ubyte: label 10 of example 7 is outside \[0, 10\)/,
        { notWritten: runOutputs(out) });

      const labelsFile = join(folder, 'noisy.json');
      writeFileSync(labelsFile, JSON.stringify(cycleLabels(trainCount).map((label, i) =>
        (i === 3 ? 12 : label))));
      out = join(folder, 'train-noisy-label');
      assertRefused(trainArgs(out, ...fashion(fixtures.good), '--labels-file', labelsFile),
        /noisy\.json: label 12 of example 3 is not a class index in \[0, 10\)/,
        { notWritten: runOutputs(out) });

      out = join(folder, 'train-csv');
      assertRefused(trainArgs(out, '--dataset', 'csv', '--csv-file', fixtures.trainTable,
        '--label-column', 'kind', '--test-file', fixtures.testTable),
      /test\.csv: line 3: label 'bird' is not one of the training file's 2 classes/,
      { notWritten: runOutputs(out) });
    });

    it('refuses an asymmetric noise preset for a dataset that has none', () => {
      const out = join(folder, 'train-asymmetric');
      assertRefused(
        trainArgs(out, ...fashion(fixtures.good), '--noise', 'asymmetric', '--rate', '0.2'),
        /dataset fashion-mnist has no asymmetric noise preset/, { notWritten: runOutputs(out) });
    });

    it('refuses backend node when @tensorflow/tfjs-node is not installed', (context) => {
      if (isInstalled('@tensorflow/tfjs-node')) {
        context.skip('@tensorflow/tfjs-node is installed');
        return;
      }
      const out = join(folder, 'train-backend');
      assertRefused(trainArgs(out, '--subset', '200', '--backend', 'node'),
        /backend node needs @tensorflow\/tfjs-node, which is not installed/,
        { notWritten: runOutputs(out) });
    });

    it('refuses a missing data folder, and prints the stack trace only with --verbose', () => {
      const out = join(folder, 'train-missing');
      const args = trainArgs(out, ...fashion(join(folder, 'absent')));
      const message = /data folder .*absent does not exist \(dataset fashion-mnist expects/;
      assertRefused(args, message, { notWritten: runOutputs(out) });
      assertVerboseTrace(args, message);
    });

    it('leaves a finished run untouched when a new run into its folder is refused', () => {
      const out = join(folder, 'finished');
      const args = ['--subset', '200', '--test-subset', '200', '--seed', '4'];
      const finished = runCli(trainArgs(out, ...args));
      assert.equal(finished.status, 0, finished.stderr);
      const before = Object.fromEntries(readdirSync(out).map((file) =>
        [file, readFileSync(join(out, file), 'utf8')]));
      assert.ok('result.json' in before);

      assertRefused([...trainArgs(out, ...args), '--epochs', '2', '--resume'],
        /^apl: --resume: training\.epochs \(2; the run has 1\) differs/);
      assertRefused(trainArgs(out, ...fashion(fixtures.wrongMagic)), /wrong magic number/);
      const after = Object.fromEntries(readdirSync(out).map((file) =>
        [file, readFileSync(join(out, file), 'utf8')]));
      assert.deepEqual(after, before);
    });
  });

  describe('apl noisify', () => {
    it('refuses a bad data file without writing the labels, with a trace only on --verbose',
      () => {
        const out = join(folder, 'noisify-labels.json');
        const args = ['noisify', '--dataset', 'fashion-mnist', '--data-dir',
          fixtures.wrongMagic, '--noise', 'symmetric', '--rate', '0.2', '--out', out];
        assertRefused(args, /magic.train-labels-idx1-ubyte: wrong magic number/,
          { notWritten: [out] });
        assertVerboseTrace(args, /wrong magic number/);
      });

    it('refuses a CIFAR-10 record whose label is outside [0, 10)', () => {
      const dir = join(folder, 'cifar10');
      mkdirSync(dir);
      const names = ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4',
        'data_batch_5', 'test_batch'];
      names.forEach((name, i) => writeFileSync(join(dir, `${name}.bin`),
        cifarRecord([name === 'data_batch_3' ? 10 : i], i)));
      const out = join(folder, 'noisify-cifar.json');
      assertRefused(['noisify', '--dataset', 'cifar10', '--data-dir', dir, '--noise', 'pair',
        '--rate', '0.2', '--out', out],
      /data_batch_3\.bin: label 10 of record 0 is outside \[0, 10\)/, { notWritten: [out] });
    });

    it('refuses a CSV test table with a label the training table lacks', () => {
      const out = join(folder, 'noisify-csv.json');
      assertRefused(['noisify', '--dataset', 'csv', '--csv-file', fixtures.trainTable,
        '--label-column', 'kind', '--test-file', fixtures.testTable, '--noise',
        'symmetric', '--rate', '0.2', '--out', out],
      /test\.csv: line 3: label 'bird' is not one of/, { notWritten: [out] });
    });
  });

  describe('apl sweep', () => {
    const out = join(folder, 'sweep');
    const refuse = (args: string[], message: RegExp) => assertRefused(
      ['sweep', '--out', out, '--epochs', '1', '--subset', '200', ...args], message,
      { notWritten: [out] });
    const grid = (name: string, text: string) => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return ['--grid', path];
    };
    const settings = 'losses: [ce]\nnoise: ["symmetric:0.2"]\n';

    it('refuses a grid file with an unknown key, a wrong type or broken YAML', () => {
      refuse(grid('unknown-key.yaml', `${settings}epoch: 2\n`),
        /unknown-key\.yaml: unknown key "epoch"; the keys are dataset, losses, noise, seeds/);
      refuse(grid('wrong-type.yaml', `${settings}seeds: [1, two]\n`),
        /wrong-type\.yaml: seeds\.1: Invalid input: expected number, received string/);
      refuse(grid('broken.yaml', 'losses: [ce\nnoise: x\n'),
        /broken\.yaml: not valid YAML: /);
    });

    it('refuses bad noise rates, epochs 0, an unknown loss and a preset the dataset lacks',
      () => {
        refuse(['--losses', 'ce', '--noise', 'symmetric:-0.1'], /noise rate "-0\.1" must be/);
        refuse(['--losses', 'ce', '--noise', 'symmetric:abc'], /noise rate "abc" must be/);
        refuse(['--losses', 'ce', '--noise', 'symmetric:0.2', '--epochs', '0'],
          /--epochs "0" must be a whole number of at least 1/);
        refuse(['--losses', 'ce,nosuch', '--noise', 'symmetric:0.2'],
          /^apl: --losses: unknown loss "nosuch"; known losses: ce, /);
        refuse(grid('unknown-loss.yaml', 'losses: [ce, nosuch]\nnoise: ["pair:0.2"]\n'),
          /unknown-loss\.yaml: losses: unknown loss "nosuch"/);
        refuse(['--losses', 'ce', '--noise', 'asymmetric:0.2', '--dataset', 'fashion-mnist'],
          /dataset fashion-mnist has no asymmetric noise preset/);
        refuse(['--losses', 'ce', '--noise', 'pair:0.2', '--dataset', 'imagenet'],
          /unknown dataset 'imagenet'/);
      });

    it('refuses bad apl train flags after -- before the first run', () => {
      const run = ['--losses', 'ce,gce', '--noise', 'symmetric:0.2', '--'];
      refuse([...run, '--bogus', '1'],
        /^apl: run ce\/symmetric-0\.2\/seed-1: unknown option '--bogus'/);
      refuse([...run, '--lr', 'abc'], /run ce\/symmetric-0\.2\/seed-1: --lr: expected a number/);
      refuse([...run, '--test-subset', '0'],
        /run ce\/symmetric-0\.2\/seed-1: .*dataset\.testSubset must be at least 1, got 0/);
      refuse([...run, '--q', '0.5'],
        /run ce\/symmetric-0\.2\/seed-1: loss ce has no parameter "q"; its parameters are: scale/);
      refuse(['--losses', 'gce,ngce', '--noise', 'symmetric:0.2', '--', '--q', '1.5'],
        /run gce\/symmetric-0\.2\/seed-1: gce: q = 1\.5 is not allowed/);
    });

    it('refuses a sweep folder that cannot be created, with a trace only on --verbose', () => {
      const args = ['sweep', '--losses', 'ce', '--noise', 'pair:0.2', '--epochs', '1',
        '--out', join(fixtures.notAFolder, 'sweep')];
      assertRefused(args, /--out .*not-a-folder.sweep cannot be created/);
      assertVerboseTrace(['sweep', '--losses', 'nosuch', '--noise', 'pair:0.2', '--out', out],
        /unknown loss "nosuch"/);
    });
  });

  describe('apl report', () => {
    const sym = { type: 'symmetric', rate: 0.4 };
    const root = join(folder, 'report-runs');
    const finishedRun = writeFinishedRun(root, { loss: 'ce', noise: sym, seed: 1,
      finalTestAccuracy: 0.8 });
    const out = join(folder, 'report.md');
    const compare = (name: string, text: string) => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return ['report', root, '--out', out, '--compare', path];
    };

    it('refuses a malformed --compare table, with a trace only on --verbose', () => {
      const notNumber = compare('not-number.csv', 'loss,symmetric 0.4\nce,abc\n');
      assertRefused(notNumber, /--compare .*not-number\.csv line 2: "abc" is not a number/,
        { notWritten: [out] });
      assertVerboseTrace(notNumber, /"abc" is not a number/);
      assertRefused(compare('first-column.csv', 'model,symmetric 0.4\nce,80\n'),
        /first-column\.csv: the first column must be "loss", not "model"/, { notWritten: [out] });
      assertRefused(compare('heading.csv', 'loss,uniform\nce,80\n'),
        /heading\.csv: column "uniform" is not a noise setting like "symmetric 0\.4"/,
        { notWritten: [out] });
    });

    it('refuses a run whose result.json is not valid JSON, and an unwritable --out', () => {
      const broken = join(folder, 'report-broken');
      const run = writeFinishedRun(broken, { loss: 'ce', noise: sym, seed: 1,
        finalTestAccuracy: 0.8 });
      writeFileSync(join(run, 'result.json'), '{"status": "fini');
      assertRefused(['report', broken, '--out', out],
        /seed-1.result\.json is not valid JSON/, { notWritten: [out] });
      assertRefused(['report', root, '--out', join(fixtures.notAFolder, 'report.md')],
        /--out .*not-a-folder.report\.md cannot be written/);
    });

    it('refuses a file given as the folder, and an --out whose extension is no format', () => {
      assertRefused(['report', join(finishedRun, 'result.json')],
        /result\.json is a file, not a folder; give a sweep or run folder/);
      const pdf = join(folder, 'report.pdf');
      assertRefused(['report', root, '--out', pdf],
        /--out .*report\.pdf: cannot tell the report format from its extension; give --format/,
        { notWritten: [pdf] });
    });
  });
});
