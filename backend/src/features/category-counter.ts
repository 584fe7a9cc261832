/**
 * Counts of one categorical feature's values in training, and the vocabulary chosen from them:
 * at most `maxCategories` values seen at least `minCount` times, most frequent first. Ties are
 * broken by the value itself (by UTF-16 code units, not by locale), so the same data always gives
 * the same codes.
 */
export class CategoryCounter {
  readonly counts = new Map<string, number>();
  missing = 0;

  add(value: string | null): void {
    if (value === null) this.missing += 1;
    else this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  vocabulary(maxCategories: number, minCount: number): { categories: { value: string; count: number }[]; otherCount: number } {
    const sorted = [...this.counts].sort(([valueA, countA], [valueB, countB]) => countB - countA || (valueA < valueB ? -1 : valueA > valueB ? 1 : 0));
    const categories: { value: string; count: number }[] = [];
    let otherCount = 0;
    for (const [value, count] of sorted) {
      if (count >= minCount && categories.length < maxCategories) categories.push({ value, count });
      else otherCount += count;
    }
    return { categories, otherCount };
  }
}

/** Counts of a fixed vocabulary's codes. */
export class CodeCounter {
  readonly counts: number[];
  missing = 0;

  constructor(size: number) {
    this.counts = new Array<number>(size).fill(0);
  }

  add(code: number): void {
    if (Number.isNaN(code)) this.missing += 1;
    else this.counts[code] = (this.counts[code] ?? 0) + 1;
  }
}
