import { and, asc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { crmRecords, recordScores } from '../db/schema/index.ts';

export interface RecordToScore {
  recordId: string;
  fields: Record<string, unknown>;
  /** The database's time when the record was read; stored as the score's `scoredAt`. */
  readAt: Date;
}

/** A synced record that has not been deleted in the CRM. */
export async function findSyncedRecord(db: Executor, key: { workspaceId: string; object: string; recordId: string }): Promise<RecordToScore | undefined> {
  const [row] = await db
    .select({ recordId: crmRecords.recordId, fields: crmRecords.fields, readAt: sql<string>`statement_timestamp()` })
    .from(crmRecords)
    .where(and(eq(crmRecords.workspaceId, key.workspaceId), eq(crmRecords.object, key.object), eq(crmRecords.recordId, key.recordId), eq(crmRecords.isDeleted, false)));
  return row && { ...row, readAt: new Date(row.readAt) };
}

/**
 * The next records (by id, after `afterRecordId`) that a model's version has to score: never
 * scored by the model, scored by another version, or synced since they were scored.
 */
export async function listRecordsToRescore(
  db: Executor,
  scope: { workspaceId: string; object: string; modelId: string; versionId: string },
  afterRecordId: string,
  limit: number,
): Promise<RecordToScore[]> {
  const rows = await db
    .select({ recordId: crmRecords.recordId, fields: crmRecords.fields, readAt: sql<string>`statement_timestamp()` })
    .from(crmRecords)
    .leftJoin(
      recordScores,
      and(
        eq(recordScores.workspaceId, crmRecords.workspaceId),
        eq(recordScores.modelId, scope.modelId),
        eq(recordScores.crmObject, crmRecords.object),
        eq(recordScores.recordId, crmRecords.recordId),
      ),
    )
    .where(
      and(
        eq(crmRecords.workspaceId, scope.workspaceId),
        eq(crmRecords.object, scope.object),
        eq(crmRecords.isDeleted, false),
        gt(crmRecords.recordId, afterRecordId),
        or(isNull(recordScores.recordId), ne(recordScores.versionId, scope.versionId), gt(crmRecords.syncedAt, recordScores.scoredAt)),
      ),
    )
    .orderBy(asc(crmRecords.recordId))
    .limit(limit);
  return rows.map((row) => ({ ...row, readAt: new Date(row.readAt) }));
}
