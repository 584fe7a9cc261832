/**
 * sfc32 ("small fast chaotic", Chris Doty-Humphrey's generator from PractRand): passes PractRand
 * and BigCrush, needs only 32-bit integer arithmetic (which V8 keeps unboxed), and, unlike
 * Math.random, can be seeded, so the same seed gives the same numbers on every machine. The
 * synthetic data generator and the tree trainer each derive a 32-bit key their own way and seed
 * this state from it through splitmix32.
 */

export const GOLDEN_RATIO_32 = 0x9e3779b9;
export const TWO_POW_32 = 4_294_967_296;

/** murmur3's 32-bit finaliser: a cheap bijective mix in which every input bit affects every output bit. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Sfc32 {
  #a = 0;
  #b = 0;
  #c = 0;
  #d = 1;

  /** Starts the sequence of one 32-bit key: splitmix32 spreads it over the three state words. */
  protected seedFromKey(key: number): void {
    this.#a = mix32((key += GOLDEN_RATIO_32));
    this.#b = mix32((key += GOLDEN_RATIO_32));
    this.#c = mix32(key + GOLDEN_RATIO_32);
    this.#d = 1;
    // The reference implementation discards the first outputs so that similar keys diverge fully.
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

  /** Uniform in [0, 1), with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, count), for count up to 2^32. */
  int(count: number): number {
    return Math.floor(this.next() * count);
  }
}
