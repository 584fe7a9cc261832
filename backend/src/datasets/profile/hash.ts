/**
 * Fast non-cryptographic hashing of cell texts and rows. Distinct counts and duplicate checks keep
 * hashes instead of the texts themselves, which is what keeps their memory small. Two independent
 * 32-bit halves give 63 usable bits (see distinct-sampler.ts), so that among a few million values
 * an accidental collision is very unlikely.
 */

/** A 64-bit hash as two unsigned 32-bit halves; callers reuse one object to avoid allocations. */
export interface HashPair {
  hi: number;
  lo: number;
}

export function createHashPair(): HashPair {
  return { hi: 0, lo: 0 };
}

/** Murmur3's finaliser: spreads every input bit over the whole word. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashText(text: string, target: HashPair): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x27d4eb2d);
  }
  target.hi = mix32(h1 ^ text.length);
  target.lo = mix32(h2 + text.length);
}

/** Combines the hashes of a row's cells, in order, into one row hash. */
export function createRowHasher() {
  let h1 = 0;
  let h2 = 0;
  return {
    reset(): void {
      h1 = 0x3c6ef372;
      h2 = 0x9b05688c;
    },
    mix(hi: number, lo: number): void {
      h1 = Math.imul(((h1 << 5) | (h1 >>> 27)) ^ hi, 0x9e3779b1);
      h2 = Math.imul(((h2 << 7) | (h2 >>> 25)) ^ lo, 0x85ebca6b);
    },
    finish(target: HashPair): void {
      target.hi = mix32(h1);
      target.lo = mix32(h2 ^ h1);
    },
  };
}

export type RowHasher = ReturnType<typeof createRowHasher>;
