import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../../src/config/defaults.js';
import { presetsFolder, readConfigFile } from '../../../src/config/presets.js';
import { validateTrainConfig } from '../../../src/config/validate.js';
import { paperHyperparameters, paperWeightDecay } from '../../../src/losses/presets.js';
import { lossByName } from '../../../src/losses/registry.js';

const referenceLosses = ['ce', 'fl', 'gce', 'sce', 'nlnl', 'mae', 'rce', 'nce', 'nfl', 'ngce',
  'nce+rce', 'nce+mae', 'nfl+rce', 'nfl+mae', 'ngce+rce', 'ngce+mae'];
const laterLosses = ['nce+agce', 'nce+aul', 'nce+ael', 'anl-ce', 'anl-fl'];
const lossesOf = (dataset: string) =>
  [...referenceLosses, ...laterLosses, ...(dataset === 'mnist' ? [] : ['anl-ce-er'])];
const numClasses = { mnist: 10, cifar10: 10, cifar100: 100 } as const;

function preset(dataset: keyof typeof numClasses, noise: 'sym' | 'asym', loss: string) {
  const layer = readConfigFile(join(presetsFolder(), dataset, noise, `${loss}.yaml`));
  const base = defaultConfig(dataset);
  return validateTrainConfig({
    ...base, ...layer,
    dataset: { ...base.dataset, ...layer.dataset },
    training: { ...base.training, ...layer.training },
  }, `${dataset}/${noise}/${loss}`);
}

describe('shipped presets', () => {
  it('cover the losses of the reference and the later papers per dataset and noise', () => {
    for (const dataset of Object.keys(numClasses)) {
      for (const noise of ['sym', 'asym']) {
        const files = readdirSync(join(presetsFolder(), dataset, noise)).sort();
        assert.deepEqual(files, lossesOf(dataset).map((loss) => `${loss}.yaml`).sort());
      }
    }
  });

  it('are valid configs whose loss parameters the loss accepts', () => {
    for (const dataset of Object.keys(numClasses) as (keyof typeof numClasses)[]) {
      for (const noise of ['sym', 'asym'] as const) {
        for (const loss of lossesOf(dataset)) {
          const config = preset(dataset, noise, loss);
          assert.equal(config.loss.name, loss);
          assert.equal(config.dataset.name, dataset);
          assert.equal(config.noise.type, noise === 'sym' ? 'symmetric' : 'asymmetric');
          const built = lossByName(loss,
            { ...config.loss.params, numClasses: numClasses[dataset] });
          assert.equal(typeof built, 'function');
        }
      }
    }
  });

  it('carry the protocol of the paper and the reference code', () => {
    const mnist = preset('mnist', 'sym', 'nce+rce');
    assert.deepEqual([mnist.training.epochs, mnist.optimizer.lr, mnist.optimizer.weightDecay,
      mnist.optimizer.nesterov, mnist.schedule.etaMin], [50, 0.01, 1e-2, true, 0.001]);
    assert.deepEqual(mnist.loss.params, { alpha: 1, beta: 10 });

    const cifar10 = preset('cifar10', 'sym', 'nce+rce');
    assert.deepEqual([cifar10.training.epochs, cifar10.optimizer.lr, cifar10.optimizer.weightDecay,
      cifar10.optimizer.nesterov, cifar10.schedule.etaMin], [120, 0.01, 1e-4, false, 0]);
    assert.deepEqual(cifar10.loss.params, { alpha: 1, beta: 1 });
    assert.equal(cifar10.model.name, 'cifar10-cnn');

    const cifar100 = preset('cifar100', 'asym', 'nce+rce');
    assert.deepEqual([cifar100.training.epochs, cifar100.optimizer.lr,
      cifar100.optimizer.weightDecay], [200, 0.1, 1e-5]);
    assert.deepEqual(cifar100.loss.params, { alpha: 10, beta: 0.1 });

    for (const dataset of Object.keys(numClasses) as (keyof typeof numClasses)[]) {
      const config = preset(dataset, 'sym', 'ce');
      assert.deepEqual([config.training.batchSize, config.training.gradBound,
        config.optimizer.momentum], [128, 5, 0.9]);
    }
  });

  it('give the published loss parameters and weight decay (symmetric noise)', () => {
    for (const dataset of Object.keys(numClasses) as (keyof typeof numClasses)[]) {
      for (const loss of lossesOf(dataset)) {
        const config = preset(dataset, 'sym', loss);
        const where = `${dataset} ${loss}`;
        assert.deepEqual(config.loss.params, paperHyperparameters[dataset][loss], where);
        assert.equal(config.optimizer.weightDecay, paperWeightDecay(dataset, loss), where);
      }
    }
  });

  it('keep the reference values that differ between noise types and datasets', () => {
    assert.equal(preset('mnist', 'sym', 'ngce').loss.params.scale, 10);
    assert.equal(preset('mnist', 'asym', 'ngce').loss.params.scale, 1);
    assert.equal(preset('cifar10', 'sym', 'nfl').loss.params.scale, 10);
    assert.equal(preset('cifar100', 'sym', 'sce').loss.params.alpha, 6);
    const nlnl = preset('mnist', 'sym', 'nlnl');
    assert.deepEqual([nlnl.training.epochs, nlnl.optimizer.weightDecay], [720, 1e-3]);
    assert.equal(preset('cifar100', 'asym', 'nlnl').loss.params.negatives, 110);
  });
});
