import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Sql } from '../db/client.ts';
import { crmRecords, outcomes } from '../db/schema/index.ts';

/** Fields whose changes are kept as outcome history, per object. */
export const OUTCOME_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Lead: ['IsConverted', 'Status', 'ConvertedDate'],
  Opportunity: ['IsWon', 'IsClosed', 'StageName'],
});

export interface SyncedRecord {
  recordId: string;
  systemModstamp: Date;
  isDeleted: boolean;
  fields: Record<string, unknown>;
}

/** Rows per INSERT: 2,000 rows of 8 parameters stay far below PostgreSQL's 65,535-parameter limit. */
const ROWS_PER_INSERT = 2_000;

/**
 * Stores one page of synced records: inserts new ones, replaces older versions (never a newer one
 * with an older, so an overlapping or replayed page is harmless) and appends outcome changes.
 */
export async function upsertSyncedRecords(db: Executor, scope: { workspaceId: string; object: string; syncRunId: string }, records: readonly SyncedRecord[]): Promise<void> {
  const outcomeFields = OUTCOME_FIELDS[scope.object] ?? [];
  for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
    const slice = records.slice(start, start + ROWS_PER_INSERT);
    if (outcomeFields.length > 0) await appendOutcomeChanges(db, scope, slice, outcomeFields);
    await db
      .insert(crmRecords)
      .values(
        slice.map((record) => ({
          workspaceId: scope.workspaceId,
          object: scope.object,
          recordId: record.recordId,
          systemModstamp: record.systemModstamp,
          isDeleted: record.isDeleted,
          fields: record.fields,
          lastSyncRunId: scope.syncRunId,
        })),
      )
      .onConflictDoUpdate({
        target: [crmRecords.workspaceId, crmRecords.object, crmRecords.recordId],
        set: {
          systemModstamp: sql`excluded.system_modstamp`,
          isDeleted: sql`excluded.is_deleted`,
          fields: sql`excluded.fields`,
          lastSyncRunId: sql`excluded.last_sync_run_id`,
          syncedAt: sql`now()`,
        },
        setWhere: sql`${crmRecords.systemModstamp} <= excluded.system_modstamp`,
      });
  }
}

async function appendOutcomeChanges(db: Executor, scope: { workspaceId: string; object: string; syncRunId: string }, records: readonly SyncedRecord[], outcomeFields: readonly string[]): Promise<void> {
  const stored = await db
    .select({ recordId: crmRecords.recordId, systemModstamp: crmRecords.systemModstamp, fields: crmRecords.fields })
    .from(crmRecords)
    .where(and(eq(crmRecords.workspaceId, scope.workspaceId), eq(crmRecords.object, scope.object), inArray(crmRecords.recordId, records.map((record) => record.recordId))));
  const previous = new Map(stored.map((row) => [row.recordId, row]));
  const changes: (typeof outcomes.$inferInsert)[] = [];
  for (const record of records) {
    const before = previous.get(record.recordId);
    if (before && before.systemModstamp > record.systemModstamp) continue;
    for (const field of outcomeFields) {
      if (!(field in record.fields)) continue;
      const value = asText(record.fields[field]);
      const previousValue = before ? asText(before.fields[field]) : null;
      if (before ? value !== previousValue : value !== null) {
        changes.push({ workspaceId: scope.workspaceId, object: scope.object, recordId: record.recordId, field, value, previousValue, observedAt: record.systemModstamp, syncRunId: scope.syncRunId });
      }
    }
  }
  if (changes.length > 0) await db.insert(outcomes).values(changes);
}

function asText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export async function countSyncedRecords(db: Executor, workspaceId: string, object: string): Promise<{ records: number; deleted: number }> {
  const [row] = await db
    .select({ records: count(), deleted: sql<number>`count(*) filter (where ${crmRecords.isDeleted})`.mapWith(Number) })
    .from(crmRecords)
    .where(and(eq(crmRecords.workspaceId, workspaceId), eq(crmRecords.object, object)));
  return { records: row?.records ?? 0, deleted: row?.deleted ?? 0 };
}

/**
 * The current, not deleted records of an object in id order, a few thousand at a time through a
 * server-side cursor, for building a snapshot without holding them all in memory.
 */
export async function* streamCurrentRecords(sql: Sql, workspaceId: string, object: string, batchSize: number): AsyncGenerator<Record<string, unknown>[]> {
  const cursor = sql<{ fields: Record<string, unknown> }[]>`
    select fields from crm_records
    where workspace_id = ${workspaceId} and object = ${object} and not is_deleted
    order by record_id`.cursor(batchSize);
  for await (const rows of cursor) yield rows.map((row) => row.fields);
}
