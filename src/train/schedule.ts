/** The learning rate of each epoch. */
export interface ScheduleSettings {
  type: 'cosine' | 'constant';
  /** The learning rate of the first epoch. */
  initial: number;
  /** The value cosine annealing reaches after `totalEpochs` epochs (PyTorch's eta_min). */
  minimum: number;
  /** PyTorch's T_max: the number of epochs of one half cosine period. */
  totalEpochs: number;
}

/**
 * The learning rate used in epoch `epoch` (0-based), as PyTorch's `CosineAnnealingLR`
 * stepped once per epoch gives it:
 *
 *   lr(e) = eta_min + (lr - eta_min) * (1 + cos(pi * e / T_max)) / 2
 *
 * so the first epoch trains at `initial` and epoch T_max would train at `minimum`.
 */
export function learningRateAt(epoch: number, settings: ScheduleSettings): number {
  if (settings.type === 'constant') return settings.initial;
  const { initial, minimum, totalEpochs } = settings;
  const weight = (1 + Math.cos(Math.PI * epoch / totalEpochs)) / 2;
  // Written as a weighted mean so that the first and last values are exact.
  return weight * initial + (1 - weight) * minimum;
}
