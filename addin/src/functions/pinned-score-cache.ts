import type { RecordScoreResult, ServedModel } from '@scorebridge/shared';
import { isPinnedReference, referenceKey } from './model-reference.ts';

/**
 * Scores by pinned references (`name@3`, a version id), kept for the life of the runtime. A pinned
 * version never changes, so a cell that names one shows the same number on every recalculation,
 * and a recalculation of cells already scored sends nothing.
 */

export interface CachedScore {
  model: ServedModel;
  result: RecordScoreResult;
}

export const PINNED_CACHE_MAX_ENTRIES = 100_000;

/** The record's fields in name order, so the same values under reordered columns are one record. */
function recordKey(record: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(record).sort().map((field) => [field, record[field]]));
}

export function createPinnedScoreCache(maxEntries = PINNED_CACHE_MAX_ENTRIES) {
  const entries = new Map<string, CachedScore>();
  const keyOf = (reference: string, reasons: number, record: Record<string, unknown>) => `${referenceKey(reference)}\u0000${reasons}\u0000${recordKey(record)}`;

  return {
    get size() {
      return entries.size;
    },

    get(reference: string, reasons: number, record: Record<string, unknown>): CachedScore | undefined {
      if (!isPinnedReference(reference)) return undefined;
      const key = keyOf(reference, reasons, record);
      const hit = entries.get(key);
      if (hit) {
        // Refreshes its place, so the least recently used entry is the one dropped when full.
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },

    set(reference: string, reasons: number, record: Record<string, unknown>, score: CachedScore): void {
      if (!isPinnedReference(reference) || score.result.probability === null) return;
      const key = keyOf(reference, reasons, record);
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, score);
    },
  };
}

export type PinnedScoreCache = ReturnType<typeof createPinnedScoreCache>;
