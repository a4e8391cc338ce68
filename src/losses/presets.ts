// The loss hyperparameters the papers published, as data for generating training configs.
// APL losses: the reference configs (HanxunH/Active-Passive-Losses, configs/<dataset>/sym);
// asymmetric losses and ANL: the ANL code's configs (Ye et al. 2023), which reuse the
// asymmetric-loss paper's settings. docs/losses.md gives the same numbers as a table.

export type PresetDataset = 'mnist' | 'cifar10' | 'cifar100';

type LossParams = Readonly<Record<string, number>>;

const mnist: Record<string, LossParams> = {
  ce: {},
  fl: { gamma: 0.5 },
  mae: { scale: 1 },
  rce: { scale: 1 },
  gce: { q: 0.7 },
  sce: { alpha: 0.01, beta: 1 },
  nlnl: { negatives: 1 },
  nce: { scale: 10 },
  nfl: { scale: 1, gamma: 0.5 },
  ngce: { scale: 10, q: 0.1 },
  'nce+rce': { alpha: 1, beta: 10 },
  'nce+mae': { alpha: 1, beta: 10 },
  'nfl+rce': { alpha: 1, beta: 10, gamma: 0.5 },
  'nfl+mae': { alpha: 1, beta: 10, gamma: 0.5 },
  'ngce+rce': { alpha: 1, beta: 10, q: 0.1 },
  'ngce+mae': { alpha: 1, beta: 10, q: 0.1 },
  'nce+agce': { alpha: 0, beta: 1, a: 4, q: 0.2 },
  'nce+aul': { alpha: 0, beta: 1, a: 3, q: 0.1 },
  'nce+ael': { alpha: 0, beta: 1, a: 3.5 },
  'anl-ce': { alpha: 1, beta: 1, delta: 1e-6 },
  'anl-fl': { alpha: 1, beta: 1, delta: 1e-6, gamma: 0.5 },
};

const cifar10: Record<string, LossParams> = {
  ce: {},
  fl: { gamma: 0.5 },
  mae: { scale: 1 },
  rce: { scale: 1 },
  gce: { q: 0.7 },
  sce: { alpha: 0.1, beta: 1 },
  nlnl: { negatives: 1 },
  nce: { scale: 1 },
  nfl: { scale: 10, gamma: 0.5 },
  ngce: { scale: 1, q: 0.1 },
  'nce+rce': { alpha: 1, beta: 1 },
  'nce+mae': { alpha: 1, beta: 1 },
  'nfl+rce': { alpha: 1, beta: 1, gamma: 0.5 },
  'nfl+mae': { alpha: 1, beta: 1, gamma: 0.5 },
  'ngce+rce': { alpha: 1, beta: 1, q: 0.1 },
  'ngce+mae': { alpha: 1, beta: 1, q: 0.1 },
  'nce+agce': { alpha: 1, beta: 4, a: 6, q: 1.5 },
  'nce+aul': { alpha: 1, beta: 4, a: 6.3, q: 1.5 },
  'nce+ael': { alpha: 1, beta: 4, a: 5 },
  'anl-ce': { alpha: 5, beta: 5, delta: 5e-5 },
  'anl-fl': { alpha: 5, beta: 5, delta: 5e-5, gamma: 0.5 },
  'anl-ce-er': { alpha: 5, beta: 5, delta: 5e-5, lambda: 2 },
};

const cifar100: Record<string, LossParams> = {
  ce: {},
  fl: { gamma: 0.5 },
  mae: { scale: 1 },
  rce: { scale: 1 },
  gce: { q: 0.7 },
  sce: { alpha: 6, beta: 0.1 },
  nlnl: { negatives: 110 },
  nce: { scale: 1 },
  nfl: { scale: 1, gamma: 0.5 },
  ngce: { scale: 1, q: 0.7 },
  'nce+rce': { alpha: 10, beta: 0.1 },
  'nce+mae': { alpha: 10, beta: 1 },
  'nfl+rce': { alpha: 10, beta: 0.1, gamma: 0.5 },
  'nfl+mae': { alpha: 10, beta: 1, gamma: 0.5 },
  'ngce+rce': { alpha: 10, beta: 0.1, q: 0.7 },
  'ngce+mae': { alpha: 10, beta: 1, q: 0.7 },
  'nce+agce': { alpha: 10, beta: 0.1, a: 1.8, q: 3 },
  'nce+aul': { alpha: 10, beta: 0.015, a: 6, q: 3 },
  'nce+ael': { alpha: 10, beta: 0.1, a: 1.5 },
  'anl-ce': { alpha: 10, beta: 1, delta: 5e-7 },
  'anl-fl': { alpha: 10, beta: 1, delta: 5e-7, gamma: 0.5 },
  'anl-ce-er': { alpha: 10, beta: 1, delta: 5e-7, lambda: 0.01 },
};

/**
 * The published loss parameters per dataset and loss name (as `lossByName` takes them; add
 * `numClasses`). `anl-ce-er` is ANL-CE with the entropy term of the later version.
 * Losses not listed (NMAE, NRCE, DMI, the GCE combinations, ...) have no published setting
 * in these sources.
 */
export const paperHyperparameters: Readonly<
  Record<PresetDataset, Readonly<Record<string, LossParams>>>
> = { mnist, cifar10, cifar100 };

/**
 * The weight decay the same configs pair with each loss: the APL reference uses one value
 * per dataset (MNIST NLNL 1e-3), the asymmetric-loss configs theirs, and ANL uses none
 * because its L1 penalty (delta) replaces it.
 */
export function paperWeightDecay(dataset: PresetDataset, lossName: string): number {
  if (lossName.startsWith('anl-')) return 0;
  const isAsymmetric = /^nce\+a(gce|ul|el)$/.test(lossName);
  if (dataset === 'mnist') return isAsymmetric || lossName === 'nlnl' ? 1e-3 : 1e-2;
  return dataset === 'cifar10' ? 1e-4 : 1e-5;
}
