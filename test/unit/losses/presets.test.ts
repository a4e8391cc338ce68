import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  lossByName,
  paperHyperparameters,
  paperWeightDecay,
  type PresetDataset,
} from '../../../src/losses/index.js';

const numClasses: Record<PresetDataset, number> = { mnist: 10, cifar10: 10, cifar100: 100 };

describe('published hyperparameters', () => {
  it('every preset builds its loss with exactly the published parameters', () => {
    for (const [dataset, losses] of Object.entries(paperHyperparameters)) {
      for (const [name, params] of Object.entries(losses)) {
        const classes = numClasses[dataset as PresetDataset];
        const loss = lossByName(name, { numClasses: classes, ...params });
        for (const [key, value] of Object.entries(params)) {
          assert.equal(loss.config.params[key], value, `${dataset} ${name} ${key}`);
        }
      }
    }
  });

  it('holds the values issue 8 quotes, and ANL trains without weight decay', () => {
    assert.deepEqual(paperHyperparameters.cifar10['anl-ce'], { alpha: 5, beta: 5, delta: 5e-5 });
    assert.deepEqual(paperHyperparameters.cifar10['nce+agce'], { alpha: 1, beta: 4, a: 6, q: 1.5 });
    assert.equal(paperWeightDecay('cifar10', 'anl-ce'), 0);
    assert.equal(paperWeightDecay('mnist', 'nce+rce'), 1e-2);
    assert.equal(paperWeightDecay('cifar100', 'nce+agce'), 1e-5);
  });

  it('anl-ce-er is ANL-CE with the entropy term switched on', () => {
    const params = paperHyperparameters.cifar10['anl-ce-er'];
    const loss = lossByName('anl-ce-er', { numClasses: 10, ...params });
    assert.equal(loss.lossName, 'anl-ce');
    assert.equal(loss.config.params['lambda'], 2);
    assert.deepEqual(loss.weightPenalty, { l1: 5e-5 });
  });
});
