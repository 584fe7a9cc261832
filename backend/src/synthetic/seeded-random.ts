import { GOLDEN_RATIO_32, mix32, Sfc32, TWO_POW_32 } from '../random/sfc32.ts';

/**
 * The pseudo-random generator behind all synthetic data: sfc32 (Chris Doty-Humphrey's "small fast
 * chaotic" generator from PractRand), which passes PractRand and BigCrush, needs only 32-bit integer
 * arithmetic and is several times faster than anything built on BigInt. Math.random cannot be
 * seeded, and generated data must be the same bytes for the same seed on every machine.
 *
 * A generator is reseeded from a key of three numbers (seed, stream, index) so that record number
 * 731,904 can be produced without producing the records before it, and so that independent
 * concerns (a record's values, the quirks applied to it) draw from separate streams: switching a
 * quirk off then leaves every other value unchanged.
 */

/** Values and their cumulative weights, prepared once so that a weighted draw is a short scan. */
export interface WeightedChoice<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
}

export function weightedChoice<T>(entries: readonly (readonly [T, number])[]): WeightedChoice<T> {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let running = 0;
  const cumulative = entries.map(([, weight]) => (running += weight / total));
  // Rounding can leave the last bound a hair below 1; a draw of 0.9999999 must still find a value.
  cumulative[cumulative.length - 1] = 1;
  return Object.freeze({ values: Object.freeze(entries.map(([value]) => value)), cumulative: Object.freeze(cumulative) });
}

export class SeededRandom extends Sfc32 {
  constructor(seed: number, stream = 0, index = 0) {
    super();
    this.reseed(seed, stream, index);
  }

  /** Restarts the sequence at the one identified by (seed, stream, index); index may exceed 2^32. */
  reseed(seed: number, stream: number, index: number): void {
    let key = mix32(seed ^ GOLDEN_RATIO_32);
    key = mix32(key ^ stream);
    key = mix32(key ^ index);
    key = mix32(key ^ Math.floor(index / TWO_POW_32));
    this.seedFromKey(key);
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + this.next() * (high - low);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)] as T;
  }

  choose<T>(choice: WeightedChoice<T>): T {
    const draw = this.next();
    const { cumulative, values } = choice;
    let index = 0;
    while (index < cumulative.length - 1 && (cumulative[index] as number) <= draw) index++;
    return values[index] as T;
  }

  /** Normally distributed (Box-Muller); one of the pair is thrown away to keep the state simple. */
  normal(mean = 0, standardDeviation = 1): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return mean + standardDeviation * radius * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson-distributed count (Knuth's method; fine for the small means of activity counts). */
  poisson(mean: number): number {
    const limit = Math.exp(-Math.min(mean, 500));
    let count = -1;
    let product = 1;
    do {
      count++;
      product *= this.next();
    } while (product > limit);
    return count;
  }
}
