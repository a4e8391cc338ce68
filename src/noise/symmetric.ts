import type { Random } from '../random/rng.js';
import { chooseWithoutReplacement, indicesByClass } from './sampling.js';
import type { SymmetricConvention } from './spec.js';

/**
 * Symmetric noise as the reference code makes it: floor(rate * N) examples are chosen,
 * floor(floor(rate * N) / K) from each class (at most the whole class), and each gets a new
 * label drawn uniformly from the other K - 1 classes, so `rate` is the share of wrong labels.
 * With the `uniform` convention the new label is drawn from all K classes instead, so only
 * about rate * (K - 1) / K of the labels end up wrong.
 */
export function symmetricNoise(labels: Int32Array, numClasses: number, rate: number,
  convention: SymmetricConvention, random: Random): { labels: Int32Array; expectedRate: number } {
  const noisy = labels.slice();
  const perClass = Math.floor(Math.floor(rate * labels.length) / numClasses);
  let chosenCount = 0;

  indicesByClass(labels, numClasses).forEach((members, label) => {
    const chosen = chooseWithoutReplacement(members, Math.min(perClass, members.length), random);
    chosenCount += chosen.length;
    for (const index of chosen) {
      noisy[index] = convention === 'reference'
        ? otherClass(label, numClasses, random) : random.int(numClasses);
    }
  });

  const changedShare = convention === 'reference' ? 1 : (numClasses - 1) / numClasses;
  const expectedRate = labels.length > 0 ? chosenCount * changedShare / labels.length : 0;
  return { labels: noisy, expectedRate };
}

/** A class drawn uniformly from all classes but `label`. */
function otherClass(label: number, numClasses: number, random: Random): number {
  const draw = random.int(numClasses - 1);
  return draw >= label ? draw + 1 : draw;
}
