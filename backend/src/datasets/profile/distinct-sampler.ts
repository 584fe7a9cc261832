/**
 * Counts distinct values and repeats in bounded memory. Up to `limit` distinct hashes are kept
 * exactly, with how often each occurred. Beyond that it becomes a distinct sample (Gibbons 2001):
 * only hashes whose lowest `level` bits are zero are kept, a fixed 1 / 2^level share of all
 * distinct values chosen by hash, so repeats of a kept value are always kept too. Counts over the
 * sample, scaled by 2^level, estimate the totals with a relative error near 1 / sqrt(limit).
 */

const INITIAL_SLOTS = 64;
const MAX_LEVEL = 30;

export interface DistinctSampler {
  /**
   * Records one occurrence of a hashed value. Returns true when that value occurred before; in
   * sampling mode only repeats of sampled values are seen, so false does not prove uniqueness.
   */
  add(hi: number, lo: number): boolean;
  /** True while every distinct value is still kept, so that the counts below are exact. */
  readonly exact: boolean;
  /** Distinct values seen (estimated when not exact). */
  distinctCount(): number;
  /** Occurrences that repeat an earlier one: total occurrences minus distinct values. */
  repeatCount(): number;
}

export function createDistinctSampler(limit: number): DistinctSampler {
  // Keys are stored as (hi, lo) pairs; lo always has its lowest bit set so that 0 marks an empty slot.
  let slots = INITIAL_SLOTS;
  let keys = new Uint32Array(slots * 2);
  let counts = new Uint32Array(slots);
  let entries = 0;
  let level = 0;
  let levelMask = 0;
  let sampledOccurrences = 0;

  function findSlot(table: Uint32Array, size: number, hi: number, lo: number): number {
    let slot = (lo >>> 1) & (size - 1);
    for (;;) {
      const storedLo = table[slot * 2 + 1]!;
      if (storedLo === 0 || (storedLo === lo && table[slot * 2] === hi)) return slot;
      slot = (slot + 1) & (size - 1);
    }
  }

  function rebuild(newSlots: number, keep: (hi: number) => boolean): void {
    const oldKeys = keys;
    const oldCounts = counts;
    const oldSlots = slots;
    slots = newSlots;
    keys = new Uint32Array(slots * 2);
    counts = new Uint32Array(slots);
    entries = 0;
    sampledOccurrences = 0;
    for (let slot = 0; slot < oldSlots; slot++) {
      const lo = oldKeys[slot * 2 + 1]!;
      const hi = oldKeys[slot * 2]!;
      if (lo === 0 || !keep(hi)) continue;
      const target = findSlot(keys, slots, hi, lo);
      keys[target * 2] = hi;
      keys[target * 2 + 1] = lo;
      counts[target] = oldCounts[slot]!;
      entries++;
      sampledOccurrences += oldCounts[slot]!;
    }
  }

  function raiseLevel(): void {
    level++;
    levelMask = level >= 31 ? 0x7fffffff : (1 << level) - 1;
    const mask = levelMask;
    rebuild(slots, (hi) => (hi & mask) === 0);
  }

  return {
    add(hi, rawLo) {
      if ((hi & levelMask) !== 0) return false;
      const lo = (rawLo | 1) >>> 0;
      let slot = findSlot(keys, slots, hi, lo);
      if (keys[slot * 2 + 1] !== 0) {
        counts[slot]!++;
        sampledOccurrences++;
        return true;
      }
      if (entries >= limit && level < MAX_LEVEL) {
        raiseLevel();
        if ((hi & levelMask) !== 0) return false;
        slot = findSlot(keys, slots, hi, lo);
      }
      if ((entries + 1) * 2 > slots) {
        rebuild(slots * 2, () => true);
        slot = findSlot(keys, slots, hi, lo);
      }
      keys[slot * 2] = hi;
      keys[slot * 2 + 1] = lo;
      counts[slot] = 1;
      entries++;
      sampledOccurrences++;
      return false;
    },
    get exact() {
      return level === 0;
    },
    distinctCount() {
      return entries * 2 ** level;
    },
    repeatCount() {
      return (sampledOccurrences - entries) * 2 ** level;
    },
  };
}
