import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../../src/errors.js';
import {
  anlCe,
  listLosses,
  lossByName,
  lossFromConfig,
  nceRce,
  normalizedCrossEntropy,
} from '../../../src/losses/index.js';
import { lossValue, randomLogits } from './helpers.js';

function rejects(make: () => unknown, pattern: RegExp): void {
  assert.throws(
    make,
    (error: unknown) => error instanceof UsageError && pattern.test(error.message),
  );
}

describe('loss registry', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const logits = randomLogits(4, 5, 2, 9);
  const labels = [0, 4, 2, 1];

  it('lists every loss of issues 2 and 8 with its kind, robustness and parameters', () => {
    const names = listLosses().map((info) => info.name);
    for (const name of [
      'ce', 'fl', 'mae', 'rce', 'gce', 'sce', 'nlnl', 'dmi', 'nce', 'nfl', 'ngce', 'nmae',
      'nrce', 'nce+rce', 'nce+mae', 'nfl+rce', 'nfl+mae', 'ngce+rce', 'ngce+mae', 'mae+rce',
      'gce+rce', 'gce+mae', 'gce+nce', 'ngce+nce', 'nfl+nce', 'agce', 'aul', 'ael',
      'nce+agce', 'nce+aul', 'nce+ael', 'nnce', 'nnfl', 'anl-ce', 'anl-fl',
    ]) {
      assert.ok(names.includes(name), `${name} is listed`);
    }
    const byName = new Map(listLosses().map((info) => [info.name, info]));
    assert.equal(byName.get('nce')?.kind, 'active');
    assert.equal(byName.get('rce')?.kind, 'passive');
    assert.equal(byName.get('nce+rce')?.kind, 'combined');
    assert.equal(byName.get('ce')?.robust, false);
    assert.equal(byName.get('nce+rce')?.robust, true);
    assert.deepEqual(byName.get('gce')?.params.find((p) => p.name === 'q')?.default, 0.7);
    assert.ok(!byName.get('gce+rce')?.params.some((p) => p.name === 'alpha'));
  });

  it('resolves names case-insensitively and builds the same loss as the typed factory', () => {
    const fromName = lossByName(' NCE+RCE ', { numClasses: 5, alpha: 2, beta: 0.5 });
    const typed = nceRce({ numClasses: 5, alpha: 2, beta: 0.5 });
    assert.equal(fromName.lossName, 'nce+rce');
    assert.equal(lossValue(fromName, labels, logits), lossValue(typed, labels, logits));
    assert.equal(lossByName('Focal', { numClasses: 5 }).lossName, 'fl');
    assert.equal(lossByName('ANL_CE', { numClasses: 5 }).lossName, 'anl-ce');
  });

  it('combines any two per-item losses by "a+b" with alpha and beta', () => {
    const combined = lossByName('nfl+nmae', { numClasses: 5, alpha: 2, beta: 3 });
    const parts =
      2 * lossValue(lossByName('nfl', { numClasses: 5 }), labels, logits) +
      3 * lossValue(lossByName('nmae', { numClasses: 5 }), labels, logits);
    assert.ok(Math.abs(lossValue(combined, labels, logits) - parts) < 1e-5);
  });

  it('keeps weight 1 on GCE inside a combination, as the reference', () => {
    const combined = lossByName('gce+rce', { numClasses: 5, alpha: 10, beta: 2 });
    const parts =
      lossValue(lossByName('gce', { numClasses: 5 }), labels, logits) +
      2 * lossValue(lossByName('rce', { numClasses: 5 }), labels, logits);
    assert.ok(Math.abs(lossValue(combined, labels, logits) - parts) < 1e-5);
  });

  it('names the function and carries a config that rebuilds the same loss', () => {
    for (const info of listLosses()) {
      const loss = lossByName(info.name, { numClasses: 5, beta: 0.5 });
      assert.equal(loss.name, info.name);
      const rebuilt = lossFromConfig(JSON.parse(JSON.stringify(loss.config)));
      assert.deepEqual(rebuilt.config, loss.config);
      assert.equal(lossValue(rebuilt, labels, logits), lossValue(loss, labels, logits), info.name);
    }
  });

  it('refuses a config that is not { name, params } with a UsageError', () => {
    for (const config of [null, {}, { name: 'gce' }, { name: 3, params: {} }]) {
      rejects(() => lossFromConfig(config as never), /a loss config is \{ name: string, params/);
    }
  });

  it('ANL reports its L1 weight penalty for the trainer', () => {
    assert.deepEqual(anlCe({ numClasses: 10, alpha: 5, beta: 5, delta: 5e-5 }).weightPenalty, {
      l1: 5e-5,
    });
    assert.equal(normalizedCrossEntropy({ numClasses: 10 }).weightPenalty, undefined);
  });

  it('rejects unknown names and bad options with a UsageError that says what is allowed', () => {
    rejects(() => lossByName('nce+xyz', { numClasses: 10 }), /unknown loss.*nce\+rce/);
    rejects(() => lossByName('gce', { numClasses: 10, q: 0 }), /q = 0.*\(0, 1\]/);
    rejects(() => lossByName('ngce', { numClasses: 10, q: 1.5 }), /q = 1.5.*\(0, 1\]/);
    rejects(() => lossByName('nce', { numClasses: 10, scale: -1 }), /scale = -1.*>= 0/);
    rejects(() => lossByName('nce', { numClasses: 1 }), /numClasses = 1.*integer >= 2/);
    rejects(() => lossByName('aul', { numClasses: 10, a: 1 }), /a = 1.*> 1/);
    rejects(() => lossByName('rce', { numClasses: 10, logZero: 2 }), /logZero.*< 0/);
    rejects(() => lossByName('nce', { numClasses: 10, qq: 1 }), /unknown option "qq"/);
    rejects(() => lossByName('nce+nce', { numClasses: 10 }), /two different/);
  });

  it('rejects labels and predictions of the wrong shape, naming the loss', () => {
    const loss = nceRce({ numClasses: 5 });
    const x = tf.tensor2d(logits);
    rejects(() => loss(tf.tensor1d([0, 1, 2]), x), /nce\+rce: 3 labels for a batch of 4/);
    rejects(() => loss(tf.zeros([4, 3]), x), /nce\+rce: labels must be class indices/);
    rejects(() => loss(tf.tensor1d([0, 1, 2, 5]), x), /label 5 is not a class index in 0..4/);
    rejects(() => loss(tf.tensor1d([0, 1, 2, 0.5]), x), /label 0.5/);
    rejects(() => loss(tf.tensor1d([0, 1, 2, 3]), tf.zeros([4, 3])), /predictions must have shape/);
  });
});
