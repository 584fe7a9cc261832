/**
 * The trainer's own pseudo-random generator: sfc32 ("small fast chaotic", from PractRand), seeded
 * through splitmix32. Row and column subsampling and the sample of values that bin edges are cut
 * from all draw from it, so a seed fixes the model bit for bit on every machine; Math.random
 * cannot be seeded. Only 32-bit integer arithmetic is used, which V8 keeps unboxed.
 */

const GOLDEN_RATIO_32 = 0x9e3779b9;
const TWO_POW_32 = 4_294_967_296;

/** murmur3's finaliser: every input bit affects every output bit, so nearby seeds diverge at once. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d = 1;

  constructor(seed: number) {
    // Seeds beyond 32 bits keep their high part, so 1 and 2**32 + 1 are different streams.
    let key = mix32((seed >>> 0) ^ GOLDEN_RATIO_32);
    key = mix32(key ^ Math.floor(seed / TWO_POW_32));
    this.#a = mix32((key += GOLDEN_RATIO_32));
    this.#b = mix32((key += GOLDEN_RATIO_32));
    this.#c = mix32(key + GOLDEN_RATIO_32);
    // The reference implementation discards the first outputs so that similar states diverge fully.
    for (let round = 0; round < 12; round++) this.nextUint32();
  }

  nextUint32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    this.#d = (this.#d + 1) | 0;
    const t = (((a + b) | 0) + this.#d) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    this.#c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, count), for count up to 2^32. */
  int(count: number): number {
    return Math.floor(this.next() * count);
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
