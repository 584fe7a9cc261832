import { and, count, eq, sql } from 'drizzle-orm';
import type { Executor, Sql } from '../db/client.ts';
import { crmRecords } from '../db/schema/index.ts';

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

/**
 * Stores one page of synced records: inserts new ones, replaces older versions (never a newer one
 * with an older, so an overlapping or replayed page is harmless) and appends outcome changes.
 *
 * One statement per page, the page passed as a single JSON parameter and expanded by
 * `jsonb_to_recordset`: building a multi-row VALUES list through the query builder cost more CPU
 * than the database spent storing it.
 */
export async function upsertSyncedRecords(db: Executor, scope: { workspaceId: string; object: string; syncRunId: string }, records: readonly SyncedRecord[]): Promise<void> {
  if (records.length === 0) return;
  const outcomeFields = OUTCOME_FIELDS[scope.object] ?? [];
  if (outcomeFields.length > 0) await appendOutcomeChanges(db, scope, records, outcomeFields);
  await db.execute(sql`
    insert into crm_records (workspace_id, object, record_id, system_modstamp, is_deleted, fields, last_sync_run_id)
    select ${scope.workspaceId}::uuid, ${scope.object}, page.record_id, page.system_modstamp, page.is_deleted, page.fields, ${scope.syncRunId}::uuid
    from jsonb_to_recordset(${JSON.stringify(records.map((record) => ({ record_id: record.recordId, system_modstamp: record.systemModstamp.toISOString(), is_deleted: record.isDeleted, fields: record.fields })))}::jsonb)
      as page(record_id text, system_modstamp timestamptz, is_deleted boolean, fields jsonb)
    on conflict (workspace_id, object, record_id) do update
      set system_modstamp = excluded.system_modstamp, is_deleted = excluded.is_deleted, fields = excluded.fields,
          last_sync_run_id = excluded.last_sync_run_id, synced_at = now()
      where crm_records.system_modstamp <= excluded.system_modstamp`);
}

/**
 * Outcome history: every change of an outcome field of a record seen before, and for a record seen
 * for the first time only outcomes that already happened (a true IsConverted or IsWon). An open
 * lead's first "false" is not an event; recording it would double the rows of a first sync.
 */
async function appendOutcomeChanges(db: Executor, scope: { workspaceId: string; object: string; syncRunId: string }, records: readonly SyncedRecord[], outcomeFields: readonly string[]): Promise<void> {
  // The page's ids as one JSON parameter, for the same reason as the upsert below.
  const stored = (await db.execute(sql`
    select record_id, system_modstamp, fields from crm_records
    where workspace_id = ${scope.workspaceId}::uuid and object = ${scope.object}
      and record_id in (select jsonb_array_elements_text(${JSON.stringify(records.map((record) => record.recordId))}::jsonb))`)) as unknown as {
    record_id: string;
    system_modstamp: string | Date;
    fields: string | Record<string, unknown>;
  }[];
  const previous = new Map(
    stored.map((row) => [
      row.record_id,
      // The driver hands raw statements' values over as text.
      { systemModstamp: new Date(row.system_modstamp), fields: (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) as Record<string, unknown> },
    ]),
  );
  const changes: { record_id: string; field: string; value: string | null; previous_value: string | null; observed_at: string }[] = [];
  for (const record of records) {
    const before = previous.get(record.recordId);
    if (before && before.systemModstamp > record.systemModstamp) continue;
    for (const field of outcomeFields) {
      if (!(field in record.fields)) continue;
      const value = asText(record.fields[field]);
      const changed = before ? value !== asText(before.fields[field]) : record.fields[field] === true;
      if (changed) changes.push({ record_id: record.recordId, field, value, previous_value: before ? asText(before.fields[field]) : null, observed_at: record.systemModstamp.toISOString() });
    }
  }
  if (changes.length === 0) return;
  await db.execute(sql`
    insert into outcomes (workspace_id, object, record_id, field, value, previous_value, observed_at, sync_run_id)
    select ${scope.workspaceId}::uuid, ${scope.object}, change.record_id, change.field, change.value, change.previous_value, change.observed_at, ${scope.syncRunId}::uuid
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
      as change(record_id text, field text, value text, previous_value text, observed_at timestamptz)`);
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
