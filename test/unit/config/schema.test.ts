import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../../src/config/defaults.js';
import { validateConfigLayer, validateTrainConfig } from '../../../src/config/validate.js';
import { UsageError } from '../../../src/errors.js';

/** Asserts that validating throws a one-line UsageError matching `pattern`. */
function assertRejected(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `more than one line: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('config schema', () => {
  it('accepts the defaults of every dataset', () => {
    for (const dataset of ['mnist', 'fashion-mnist', 'cifar10', 'cifar100', 'csv'] as const) {
      assert.equal(validateTrainConfig(defaultConfig(dataset), 'defaults').dataset.name, dataset);
    }
  });

  it('names a misspelt key and lists the allowed ones', () => {
    assertRejected(() => validateConfigLayer({ training: { epoch: 3 } }, 'run.yaml'),
      /^run\.yaml: unknown key "training\.epoch"; allowed in training: epochs, batchSize/);
    assertRejected(() => validateConfigLayer({ optimiser: {} }, 'run.yaml'),
      /unknown key "optimiser"; allowed: dataset, model, loss, noise, training, optimizer/);
  });

  it('names a value of the wrong type', () => {
    assertRejected(() => validateConfigLayer({ optimizer: { lr: 'fast' } }, 'run.yaml'),
      /^run\.yaml: optimizer\.lr must be a number, got "fast"$/);
    assertRejected(() => validateConfigLayer({ optimizer: { nesterov: 'yes' } }, 'run.yaml'),
      /optimizer\.nesterov must be true or false/);
    assertRejected(() => validateConfigLayer({ training: [] }, 'run.yaml'), /training/);
  });

  it('rejects epochs 0, batch size 0 and fractional counts', () => {
    assertRejected(() => validateConfigLayer({ training: { epochs: 0 } }, 'flags'),
      /training\.epochs must be at least 1, got 0/);
    assertRejected(() => validateConfigLayer({ training: { batchSize: 0 } }, 'flags'),
      /training\.batchSize must be at least 1, got 0/);
    assertRejected(() => validateConfigLayer({ training: { epochs: 2.5 } }, 'flags'),
      /training\.epochs must be a whole number/);
  });

  it('rejects noise rates outside [0, 1] and unknown choices', () => {
    assertRejected(() => validateConfigLayer({ noise: { rate: 1.5 } }, 'flags'),
      /noise\.rate must be between 0 and 1, got 1\.5/);
    assertRejected(() => validateConfigLayer({ noise: { rate: -0.1 } }, 'flags'),
      /noise\.rate must be between 0 and 1/);
    assertRejected(() => validateConfigLayer({ noise: { type: 'gaussian' } }, 'flags'),
      /noise\.type must be one of none, symmetric, asymmetric, pair, matrix, file/);
    assertRejected(() => validateConfigLayer({ dataset: { name: 'imagenet' } }, 'flags'),
      /dataset\.name must be one of mnist/);
  });

  it('says which key of a complete config is missing', () => {
    const { training: _, ...withoutTraining } = defaultConfig('mnist');
    assertRejected(() => validateTrainConfig(withoutTraining, 'config'),
      /config: training is missing/);
  });

  it('refuses Nesterov momentum without momentum', () => {
    const config = defaultConfig('mnist');
    config.optimizer.momentum = 0;
    assertRejected(() => validateTrainConfig(config, 'config'),
      /nesterov needs optimizer\.momentum/);
  });
});
