/**
 * A uniform sample of the numbers of one column (Vitter's algorithm R), for quantiles and
 * histogram bins. The random source is seeded, so profiling the same data twice gives the same
 * profile: snapshots are content-hashed and their profiles must be reproducible.
 */

/** mulberry32: a small, fast, seedable generator; statistical quality is ample for sampling. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface NumberReservoir {
  add(value: number): void;
  /** How many numbers were offered. */
  readonly seen: number;
  /** True while every number offered is in the sample. */
  readonly complete: boolean;
  /** The sample, sorted ascending (a copy). */
  sorted(): Float64Array;
}

export function createNumberReservoir(size: number, seed: number): NumberReservoir {
  const sample = new Float64Array(size);
  const random = createRandom(seed);
  let seen = 0;

  return {
    add(value) {
      if (seen < size) {
        sample[seen] = value;
      } else {
        const slot = Math.floor(random() * (seen + 1));
        if (slot < size) sample[slot] = value;
      }
      seen++;
    },
    get seen() {
      return seen;
    },
    get complete() {
      return seen <= size;
    },
    sorted() {
      return sample.slice(0, Math.min(seen, size)).sort();
    },
  };
}
