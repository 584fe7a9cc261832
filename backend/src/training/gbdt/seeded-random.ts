import { GOLDEN_RATIO_32, mix32, Sfc32, TWO_POW_32 } from '../../random/sfc32.ts';

/**
 * The trainer's pseudo-random generator: sfc32 (random/sfc32.ts) keyed from the seed alone. Row and column subsampling and the sample of values that bin edges are cut
 * from all draw from it, so a seed fixes the model bit for bit on every machine; Math.random
 * cannot be seeded. Only 32-bit integer arithmetic is used, which V8 keeps unboxed.
 */

export class SeededRandom extends Sfc32 {
  constructor(seed: number) {
    super();
    // Seeds beyond 32 bits keep their high part, so 1 and 2**32 + 1 are different streams.
    const key = mix32((seed >>> 0) ^ GOLDEN_RATIO_32);
    this.seedFromKey(mix32(key ^ Math.floor(seed / TWO_POW_32)));
  }

  /**
   * Moves a uniformly chosen subset of `take` values to the front of `values` (a partial
   * Fisher-Yates shuffle), in place; the rest of the array keeps the remaining values.
   */
  chooseInPlace(values: Uint32Array | Int32Array | Float64Array, take: number): void {
    const count = values.length;
    for (let index = 0; index < take && index < count - 1; index++) {
      const other = index + this.int(count - index);
      const value = values[index]!;
      values[index] = values[other]!;
      values[other] = value;
    }
  }
}
