import { ModstampIndex } from './modstamp-index.ts';
import type { ObjectSchema } from './object-schema.ts';
import { formatSalesforceDateTime, truncateToSecond } from './salesforce-datetime.ts';
import { createIdGenerator, normalizeId } from './salesforce-ids.ts';
import type { SalesforceValue } from './stand-in-options.ts';

/**
 * One version of a record. Records are never changed in place: a change stores a new version, so
 * a query cursor or a bulk job that took a snapshot keeps reading what it saw.
 */
export type StoredRecord = Readonly<Record<string, SalesforceValue>> & {
  readonly Id: string;
  readonly SystemModstamp: string;
  readonly IsDeleted: boolean;
};

/** The records of one object: by id, and in modstamp order. */
export class ObjectRecords {
  readonly schema: ObjectSchema;
  readonly newId: () => string;
  readonly #byId = new Map<string, StoredRecord>();
  readonly #index: ModstampIndex<StoredRecord>;
  #deleted = 0;

  constructor(schema: ObjectSchema, initial: StoredRecord[]) {
    this.schema = schema;
    for (const record of initial) {
      if (this.#byId.has(record.Id)) throw new Error(`${schema.name} has two records with Id ${record.Id}`);
      this.#byId.set(record.Id, record);
      if (record.IsDeleted) this.#deleted += 1;
    }
    this.#index = ModstampIndex.from(initial);
    this.newId = createIdGenerator(schema.keyPrefix, (id) => this.#byId.has(id));
  }

  get index(): ModstampIndex<StoredRecord> {
    return this.#index;
  }

  /** Any record with this id (15 or 18 characters), deleted ones included. */
  get(id: string): StoredRecord | undefined {
    const normalized = normalizeId(id);
    return normalized ? this.#byId.get(normalized) : undefined;
  }

  /** Stores a new record or a new version of one. */
  put(record: StoredRecord): void {
    const previous = this.#byId.get(record.Id);
    if (previous) {
      this.#index.remove(previous);
      if (previous.IsDeleted) this.#deleted -= 1;
    }
    this.#byId.set(record.Id, record);
    this.#index.insert(record);
    if (record.IsDeleted) this.#deleted += 1;
  }

  count(includeDeleted: boolean): number {
    return includeDeleted ? this.#byId.size : this.#byId.size - this.#deleted;
  }
}

/** Every object of the org, plus the clock that stamps changes. */
export interface OrgStore {
  readonly objects: readonly ObjectRecords[];
  /** Object names are case-insensitive in URLs and SOQL, as in Salesforce. */
  object(name: string): ObjectRecords | undefined;
  /** Now, as a record timestamp: Salesforce keeps them to the second. */
  timestamp(): string;
  clock(): Date;
  /** The live parent record a reference points to, looked up in each object it may refer to. */
  lookup(referenceTo: readonly string[], id: string): { records: ObjectRecords; record: StoredRecord } | undefined;
}

export function createOrgStore(objects: readonly ObjectRecords[], clock: () => Date): OrgStore {
  const byLowerName = new Map(objects.map((records) => [records.schema.name.toLowerCase(), records]));
  return {
    objects,
    object: (name) => byLowerName.get(name.toLowerCase()),
    clock,
    timestamp: () => formatSalesforceDateTime(truncateToSecond(clock().getTime())),
    lookup(referenceTo, id) {
      for (const name of referenceTo) {
        const records = byLowerName.get(name.toLowerCase());
        const record = records?.get(id);
        if (records && record && !record.IsDeleted) return { records, record };
      }
      return undefined;
    },
  };
}
