/** What the index orders by: a record's SystemModstamp (stored form, so strings compare in time order) and Id. */
export interface IndexedRecord {
  readonly Id: string;
  readonly SystemModstamp: string;
}

export function compareByModstamp(a: IndexedRecord, b: IndexedRecord): number {
  if (a.SystemModstamp !== b.SystemModstamp) return a.SystemModstamp < b.SystemModstamp ? -1 : 1;
  if (a.Id === b.Id) return 0;
  return a.Id < b.Id ? -1 : 1;
}

/**
 * The records of one object in `SystemModstamp, Id` order, the order syncs read in. Queries find
 * their window with binary search and read it in place, so no query sorts and no page re-sorts.
 * Changes move a record by removing it and inserting it again; a change stamps the current time,
 * so the insertion is almost always an append.
 */
export class ModstampIndex<T extends IndexedRecord> {
  #records: T[];

  private constructor(records: T[]) {
    this.#records = records;
  }

  /** Takes ownership of `records`, sorting them unless they already are in order. */
  static from<R extends IndexedRecord>(records: R[]): ModstampIndex<R> {
    let sorted = true;
    for (let index = 1; index < records.length && sorted; index += 1) sorted = compareByModstamp(records[index - 1]!, records[index]!) < 0;
    if (!sorted) records.sort(compareByModstamp);
    return new ModstampIndex(records);
  }

  get length(): number {
    return this.#records.length;
  }

  at(position: number): T | undefined {
    return this.#records[position];
  }

  /** The first position whose record is not before `probe` (its insertion point). */
  #search(probe: IndexedRecord): number {
    let low = 0;
    let high = this.#records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareByModstamp(this.#records[middle]!, probe) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first position with `SystemModstamp >= modstamp` (or `> modstamp` when `exclusive`). */
  lowerBound(modstamp: string, exclusive = false): number {
    let low = 0;
    let high = this.#records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const value = this.#records[middle]!.SystemModstamp;
      if (value < modstamp || (exclusive && value === modstamp)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  insert(record: T): void {
    const last = this.#records.at(-1);
    if (!last || compareByModstamp(last, record) < 0) {
      this.#records.push(record);
      return;
    }
    this.#records.splice(this.#search(record), 0, record);
  }

  remove(record: T): void {
    const position = this.#search(record);
    if (this.#records[position]?.Id !== record.Id) throw new Error(`Record ${record.Id} is not in the modstamp index`);
    this.#records.splice(position, 1);
  }
}
