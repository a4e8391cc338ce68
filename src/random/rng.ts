import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * A seeded random number source whose state can be saved and restored, so that
 * noise, shuffling and augmentation are the same on every run and machine for a seed,
 * and a resumed run continues the same sequence.
 */
export class Random {
  private generator: JumpableRandomGenerator;

  private constructor(generator: JumpableRandomGenerator) {
    this.generator = generator;
  }

  static fromSeed(seed: number): Random {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    return new Random(xoroshiro128plus(seed | 0));
  }

  static fromState(state: readonly number[]): Random {
    return new Random(xoroshiro128plusFromState(state));
  }

  /** The generator's state, to be stored in a checkpoint and given to `fromState`. */
  state(): number[] {
    return [...this.generator.getState()];
  }

  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return uniformInt(this.generator, 0, maxExclusive - 1);
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Shuffles the array in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = values[i];
      values[i] = values[j];
      values[j] = held;
    }
    return values;
  }

  /** An independent generator derived from this one, for a separate stream. */
  fork(): Random {
    return Random.fromSeed(this.generator.next());
  }
}
