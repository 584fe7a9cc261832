import type { ProjectionNode } from './record-projection.ts';
import type { StoredRecord } from './record-store.ts';
import { createIdGenerator } from './salesforce-ids.ts';
import type { QueryPlan } from './soql/soql-plan.ts';

/** Salesforce closes a query cursor after 15 minutes without a fetch. */
const IDLE_MS = 15 * 60_000;
/** Open cursors kept; the least recently used is closed first, as Salesforce limits them per user. */
const MAX_OPEN = 50;

/** The result of a REST query, held so `nextRecordsUrl` can page through it. */
export interface QueryCursor {
  readonly id: string;
  readonly plan: QueryPlan;
  readonly projection: ProjectionNode;
  /** The records as they were when the query ran: later changes do not shift the pages. */
  readonly records: readonly StoredRecord[];
  /** `query` or `queryAll`, for the URLs of the next pages. */
  readonly resource: string;
  readonly batchSize: number;
  /** Pages answered so far, counted for the queryFailsAfterPages fault. */
  pagesServed: number;
  lastUsedMs: number;
}

/** `01g…-2000`: the cursor's id and the offset of the next record, as in Salesforce's locators. */
export function parseLocator(locator: string): { cursorId: string; offset: number } | undefined {
  const match = /^(01g[A-Za-z0-9]{15})-(\d+)$/.exec(locator);
  return match ? { cursorId: match[1]!, offset: Number(match[2]) } : undefined;
}

export class QueryCursors {
  readonly #clock: () => Date;
  readonly #cursors = new Map<string, QueryCursor>();
  readonly #newId = createIdGenerator('01g');

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  open(fields: Omit<QueryCursor, 'id' | 'pagesServed' | 'lastUsedMs'>): QueryCursor {
    this.#prune();
    const cursor: QueryCursor = { ...fields, id: this.#newId(), pagesServed: 0, lastUsedMs: this.#clock().getTime() };
    this.#cursors.set(cursor.id, cursor);
    return cursor;
  }

  find(id: string): QueryCursor | undefined {
    this.#prune();
    const cursor = this.#cursors.get(id);
    if (!cursor) return undefined;
    cursor.lastUsedMs = this.#clock().getTime();
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.#cursors.delete(id);
    this.#cursors.set(id, cursor);
    return cursor;
  }

  #prune(): void {
    const now = this.#clock().getTime();
    for (const [id, cursor] of this.#cursors) {
      if (now - cursor.lastUsedMs > IDLE_MS || this.#cursors.size > MAX_OPEN) this.#cursors.delete(id);
    }
  }
}
