import type { ValueCount } from '@scorebridge/shared';
import { createRandom } from './reservoir.ts';

/**
 * The most frequent values of a column in bounded memory and time. Counts are exact while the
 * column has at most `capacity` distinct values, which covers every real categorical column.
 * Past that the column is one of ids, free text or measurements, where only a heavy hitter (a 0,
 * a default) matters, and two things change:
 * - the Misra-Gries algorithm with batched decrements bounds the map: when it overflows, the
 *   median count is subtracted from every entry and entries left at zero or below are dropped;
 * - only a random 1 in 16 of the later values is counted, with weight 16, because adding and
 *   dropping every distinct value in the map cost more than all other profiling together.
 * A value filling more than about 0.5 % of the cells still comes out with a close estimate.
 */

/** Longer texts are counted by their first characters only; no category is that long. */
export const MAX_COUNTED_LENGTH = 200;
const SAMPLING_WEIGHT = 16;

export interface FrequentValues {
  add(value: string): void;
  /** False once the column overflowed; counts are estimates from then on. */
  readonly exact: boolean;
  /** Most frequent first; ties in the order of the values' text, so that profiles are reproducible. */
  top(limit: number): ValueCount[];
}

export function createFrequentValues(capacity: number, seed: number): FrequentValues {
  let counts = new Map<string, number>();
  let exact = true;
  const random = createRandom(seed);

  function prune(): void {
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    // A fresh map is faster to probe than one riddled with deleted entries.
    const kept = new Map<string, number>();
    for (const [value, count] of counts) if (count > median) kept.set(value, count - median);
    counts = kept;
    exact = false;
  }

  return {
    add(value) {
      if (!exact && random() * SAMPLING_WEIGHT >= 1) return;
      const weight = exact ? 1 : SAMPLING_WEIGHT;
      const key = value.length > MAX_COUNTED_LENGTH ? value.slice(0, MAX_COUNTED_LENGTH) : value;
      counts.set(key, (counts.get(key) ?? 0) + weight);
      if (counts.size > capacity) prune();
    },
    get exact() {
      return exact;
    },
    top(limit) {
      return [...counts]
        .sort(([valueA, countA], [valueB, countB]) => countB - countA || (valueA < valueB ? -1 : valueA > valueB ? 1 : 0))
        .slice(0, limit)
        .map(([value, count]) => ({ value, count }));
    },
  };
}
