import type { DatasetName } from '../data/types.js';
import type { ModelChoice, TrainConfig } from './schema.js';

/** The model each dataset trains when the config names none. */
export const defaultModelFor: Record<DatasetName, ModelChoice> = {
  'mnist': 'mnist-cnn',
  'fashion-mnist': 'mnist-cnn',
  'cifar10': 'cifar10-cnn',
  'cifar100': 'resnet34',
  'csv': 'mlp',
};

/**
 * The config under every preset: the reference's MNIST protocol (SGD with Nesterov
 * momentum 0.9, lr 0.01, weight decay 1e-2, cosine annealing to 0.001, batch 128,
 * gradient norm bound 5) with NCE+RCE under 40% symmetric noise. Datasets without presets
 * (CSV tables) train with these values.
 */
export function defaultConfig(dataset: DatasetName): TrainConfig {
  return {
    dataset: { name: dataset, augment: true, subset: null, testSubset: null },
    model: { name: defaultModelFor[dataset] },
    loss: { name: 'nce+rce', params: {} },
    noise: { type: 'symmetric', rate: 0.4 },
    training: { epochs: 50, batchSize: 128, evalBatchSize: 512, gradBound: 5 },
    optimizer: { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-2 },
    schedule: { type: 'cosine', etaMin: 0.001 },
    seed: 0,
    backend: 'auto',
  };
}
