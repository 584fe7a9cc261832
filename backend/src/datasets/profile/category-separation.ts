import { aucOfGroups, type ScoreGroup } from './auc.ts';
import { MAX_COUNTED_LENGTH } from './frequent-values.ts';
import { createHashPair, hashText } from './hash.ts';
import { MIN_ROWS_PER_OUTCOME } from './rank-separation.ts';

/**
 * How well a non-numeric column alone separates the outcomes, measured honestly. Each value is
 * scored by the positive rate of that value among rows of the *other* folds (5-fold cross-fitting),
 * smoothed towards the overall rate. Scoring a row with its own outcome would make every column of
 * unique values (ids, emails, free text) look like a perfect predictor; out of fold, a value seen
 * only once scores the overall rate, and the column's AUC stays near 0.5, as it should.
 * The first 4,096 distinct values get their own counts; rarer later ones share 4,096 hashed
 * buckets, which keeps memory bounded and only blurs values too rare to separate anything.
 */

export const FOLDS = 5;
const OWN_BUCKETS = 4096;
const SHARED_BUCKETS = 4096;
/** Weight, in rows, of the overall positive rate in each value's smoothed rate. */
const SMOOTHING_ROWS = 10;

export function createCategorySeparation() {
  const buckets = new Map<string, number>();
  const hash = createHashPair();
  // For bucket b and fold f: positives at [b * FOLDS + f], rows at the same index of `rows`.
  let positives = new Uint32Array(64 * FOLDS);
  let rows = new Uint32Array(64 * FOLDS);

  function ensureRoom(bucket: number): void {
    const needed = (bucket + 1) * FOLDS;
    if (needed <= rows.length) return;
    let size = rows.length;
    while (size < needed) size *= 2;
    const grownPositives = new Uint32Array(size);
    const grownRows = new Uint32Array(size);
    grownPositives.set(positives);
    grownRows.set(rows);
    positives = grownPositives;
    rows = grownRows;
  }

  function bucketOf(value: string): number {
    const text = value.length > MAX_COUNTED_LENGTH ? value.slice(0, MAX_COUNTED_LENGTH) : value;
    const known = buckets.get(text);
    if (known !== undefined) return known;
    if (buckets.size < OWN_BUCKETS) {
      const bucket = buckets.size;
      buckets.set(text, bucket);
      return bucket;
    }
    hashText(text, hash);
    return OWN_BUCKETS + (hash.lo % SHARED_BUCKETS);
  }

  return {
    add(text: string, positive: boolean, fold: number): void {
      const bucket = bucketOf(text);
      ensureRoom(bucket);
      const index = bucket * FOLDS + fold;
      rows[index]!++;
      if (positive) positives[index]!++;
    },
    /** The cross-fitted AUC (at least 0.5), or null with too few rows of either outcome. */
    finish(): number | null {
      const bucketCount = rows.length / FOLDS;
      let allPositives = 0;
      let allRows = 0;
      for (let i = 0; i < rows.length; i++) {
        allPositives += positives[i]!;
        allRows += rows[i]!;
      }
      if (allPositives < MIN_ROWS_PER_OUTCOME || allRows - allPositives < MIN_ROWS_PER_OUTCOME) return null;
      const prior = allPositives / allRows;
      const groups: ScoreGroup[] = [];
      for (let bucket = 0; bucket < bucketCount; bucket++) {
        let bucketPositives = 0;
        let bucketRows = 0;
        for (let fold = 0; fold < FOLDS; fold++) {
          bucketPositives += positives[bucket * FOLDS + fold]!;
          bucketRows += rows[bucket * FOLDS + fold]!;
        }
        if (bucketRows === 0) continue;
        for (let fold = 0; fold < FOLDS; fold++) {
          const foldRows = rows[bucket * FOLDS + fold]!;
          if (foldRows === 0) continue;
          const foldPositives = positives[bucket * FOLDS + fold]!;
          const otherPositives = bucketPositives - foldPositives;
          const otherRows = bucketRows - foldRows;
          const score = (otherPositives + SMOOTHING_ROWS * prior) / (otherRows + SMOOTHING_ROWS);
          groups.push({ score, positives: foldPositives, negatives: foldRows - foldPositives });
        }
      }
      // Below 0.5 out of fold means no learnable separation at all, not separation the other way.
      return Math.max(0.5, aucOfGroups(groups));
    },
  };
}
