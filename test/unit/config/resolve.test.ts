import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveTrainConfig } from '../../../src/config/resolve.js';
import { UsageError } from '../../../src/errors.js';

describe('resolveTrainConfig', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apl-config-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const configFile = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };

  it('with nothing given is the reference MNIST protocol with NCE+RCE under 40% symmetric noise',
    () => {
      const { config, presetFile } = resolveTrainConfig({});
      assert.match(presetFile ?? '', /configs[/\\]mnist[/\\]sym[/\\]nce\+rce\.yaml$/);
      assert.deepEqual(config.loss, { name: 'nce+rce', params: { alpha: 1, beta: 10 } });
      assert.deepEqual(config.noise, { type: 'symmetric', rate: 0.4 });
      assert.equal(config.model.name, 'mnist-cnn');
      assert.deepEqual(config.training,
        { epochs: 50, batchSize: 128, evalBatchSize: 512, gradBound: 5 });
      assert.deepEqual(config.optimizer,
        { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.01 });
      assert.deepEqual(config.schedule, { type: 'cosine', etaMin: 0.001 });
    });

  it('picks the preset of the dataset, noise type and loss', () => {
    const { config, presetFile } = resolveTrainConfig({
      overrides: {
        dataset: { name: 'cifar10' }, noise: { type: 'asymmetric' }, loss: { name: 'gce' },
      },
    });
    assert.match(presetFile ?? '', /cifar10[/\\]asym[/\\]gce\.yaml$/);
    assert.deepEqual(config.loss.params, { q: 0.7 });
    assert.equal(config.training.epochs, 120);
    assert.equal(config.optimizer.nesterov, false);
    assert.equal(config.noise.type, 'asymmetric');
  });

  it('merges preset < config file < overrides, key by key', () => {
    const file = configFile('layered.yaml', 'training:\n  epochs: 7\noptimizer:\n  lr: 0.5\n');
    const { config } = resolveTrainConfig(
      { configFile: file, overrides: { training: { epochs: 3 } } });
    assert.equal(config.training.epochs, 3);
    assert.equal(config.optimizer.lr, 0.5);
    assert.equal(config.optimizer.weightDecay, 0.01);
    assert.equal(config.training.batchSize, 128);
  });

  it('merges loss parameters only between layers that name the same loss', () => {
    const file = configFile('gce.yaml', 'loss:\n  name: gce\n  params:\n    q: 0.3\n');
    assert.deepEqual(resolveTrainConfig({ configFile: file }).config.loss,
      { name: 'gce', params: { q: 0.3 } });
    assert.deepEqual(resolveTrainConfig({ configFile: file, overrides: { loss: { name: 'mae' } } })
      .config.loss, { name: 'mae', params: { scale: 1 } });
    const betaOnly = { loss: { params: { beta: 2 } } };
    assert.deepEqual(resolveTrainConfig({ overrides: betaOnly }).config.loss,
      { name: 'nce+rce', params: { alpha: 1, beta: 2 } });
  });

  it('gives a loss without a preset the dataset protocol and its own defaults', () => {
    const { config, presetFile } = resolveTrainConfig({ overrides: { loss: { name: 'gce+rce' } } });
    assert.match(presetFile ?? '', /mnist[/\\]sym[/\\]ce\.yaml$/);
    assert.deepEqual(config.loss, { name: 'gce+rce', params: {} });
    assert.equal(config.optimizer.weightDecay, 0.01);
  });

  it('uses the defaults with an MLP for CSV tables, which have no presets', () => {
    const { config, presetFile } = resolveTrainConfig({ overrides: { dataset: { name: 'csv' } } });
    assert.equal(presetFile, null);
    assert.equal(config.model.name, 'mlp');
  });

  it('reports a bad config file as a UsageError naming the file', () => {
    const misspelt = configFile('misspelt.yaml', 'optimizer:\n  learningRate: 0.1\n');
    assert.throws(() => resolveTrainConfig({ configFile: misspelt }), (error: unknown) =>
      error instanceof UsageError && error.message.includes(misspelt)
      && error.message.includes('unknown key "optimizer.learningRate"'));
    assert.throws(() => resolveTrainConfig({ configFile: join(folder, 'absent.yaml') }),
      /absent\.yaml: no such file/);
    const broken = configFile('broken.yaml', 'training: [1, 2\n');
    assert.throws(() => resolveTrainConfig({ configFile: broken }), /broken\.yaml: not valid YAML/);
    const list = configFile('list.yaml', '- 1\n- 2\n');
    assert.throws(() => resolveTrainConfig({ configFile: list }), /must be a YAML mapping/);
  });

  it('reports a bad override as a UsageError naming the key', () => {
    assert.throws(() => resolveTrainConfig({ overrides: { training: { epochs: 0 } } }),
      (error: unknown) => error instanceof UsageError
        && /command line: training\.epochs must be at least 1/.test(error.message));
  });
});
