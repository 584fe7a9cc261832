import { and, asc, count, desc, eq, exists, gt, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { modelAliases, modelVersions, recordScores, registeredModels } from '../../db/schema/index.ts';

/** The rows one write-back works on: one model's scores of one object in one workspace. */
export interface WritebackScope {
  workspaceId: string;
  modelId: string;
  object: string;
}

/** A row due to be written, with what its model-version field needs. */
export interface DueRow {
  recordId: string;
  score: number;
  grade: string;
  reasons: unknown;
  versionId: string;
  versionNumber: number;
  scoredAt: Date;
  /** Score, grade and version equal what the CRM already holds. */
  unchanged: boolean;
}

/** The values a row had when it was sent: its state changes only if it still has them. */
export interface SentValues {
  recordId: string;
  score: number;
  grade: string;
  versionId: string;
}

/**
 * The object's write-back models: the workspace's registered models for this CRM object that have
 * a `champion`, by name (ignoring case). Segments give each record to one of them (rescoring stores
 * a record's score under that model only), so their rows never overlap.
 */
export async function listWritebackModels(db: Executor, workspaceId: string, object: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: registeredModels.id, name: registeredModels.name })
    .from(registeredModels)
    .where(
      and(
        eq(registeredModels.workspaceId, workspaceId),
        eq(registeredModels.crmObject, object),
        exists(db.select({ one: sql`1` }).from(modelAliases).where(and(eq(modelAliases.modelId, registeredModels.id), eq(modelAliases.alias, 'champion')))),
      ),
    )
    .orderBy(asc(registeredModels.nameKey));
}

function inScope(scope: WritebackScope): SQL {
  return and(eq(recordScores.workspaceId, scope.workspaceId), eq(recordScores.modelId, scope.modelId), eq(recordScores.crmObject, scope.object))!;
}

/** When a failed row is sent again. */
export interface RetryPolicy {
  maxAttempts: number;
  /** After the first failure; doubled after each further one. */
  retryDelaySeconds: number;
}

/** Pending rows, and failed ones that have attempts left and whose back-off has passed. */
function isDue({ maxAttempts, retryDelaySeconds }: RetryPolicy): SQL {
  const backOffPassed = sql`(${recordScores.writeFailedAt} is null
    or ${recordScores.writeFailedAt} <= now() - make_interval(secs => ${retryDelaySeconds}::double precision * power(2, greatest(${recordScores.writeAttempts} - 1, 0))))`;
  return or(eq(recordScores.writeStatus, 'pending'), and(eq(recordScores.writeStatus, 'failed'), lt(recordScores.writeAttempts, maxAttempts), backOffPassed))!;
}

const isUnchanged = sql<boolean>`(${recordScores.score} is not distinct from ${recordScores.writtenScore}
  and ${recordScores.grade} is not distinct from ${recordScores.writtenGrade}
  and ${recordScores.versionId} is not distinct from ${recordScores.writtenVersionId})`;

/** How many due rows need a call (those whose values Salesforce already holds do not). */
export async function countRowsToSend(db: Executor, scope: WritebackScope, retry: RetryPolicy): Promise<number> {
  const [row] = await db
    .select({ rows: count() })
    .from(recordScores)
    .where(and(inScope(scope), isDue(retry), sql`not ${isUnchanged}`));
  return row?.rows ?? 0;
}

/** The next `limit` due rows after `afterRecordId`, in record id order, so a run pages through them once. */
export async function readDueRows(db: Executor, scope: WritebackScope, retry: RetryPolicy, afterRecordId: string | null, limit: number): Promise<DueRow[]> {
  return db
    .select({
      recordId: recordScores.recordId,
      score: recordScores.score,
      grade: recordScores.grade,
      reasons: recordScores.reasons,
      versionId: recordScores.versionId,
      versionNumber: modelVersions.version,
      scoredAt: recordScores.scoredAt,
      unchanged: isUnchanged.mapWith(Boolean),
    })
    .from(recordScores)
    .innerJoin(modelVersions, eq(modelVersions.id, recordScores.versionId))
    .where(and(inScope(scope), isDue(retry), afterRecordId === null ? undefined : gt(recordScores.recordId, afterRecordId)))
    .orderBy(asc(recordScores.recordId))
    .limit(limit);
}

/**
 * Applies one batch of per-record answers in one statement. `written` rows now hold in Salesforce
 * what was sent; `failed` rows get Salesforce's error. A row rescored while its write was in flight
 * keeps `pending` (its new score still has to go), though `written*` records what Salesforce got.
 */
export async function recordWriteResults(
  db: Executor,
  scope: WritebackScope,
  results: { written: readonly SentValues[]; failed: readonly (SentValues & { error: string; final: boolean })[]; maxAttempts: number; at: Date },
): Promise<void> {
  const { written, failed, maxAttempts, at } = results;
  await db.transaction(async (tx) => {
    if (written.length > 0) {
      await tx.execute(sql`
        update record_scores rs set
          written_score = sent.score, written_grade = sent.grade, written_version_id = sent.version_id, written_at = ${at.toISOString()}::timestamptz,
          write_status = case when rs.score = sent.score and rs.grade = sent.grade and rs.version_id = sent.version_id then 'written' else 'pending' end,
          write_error = null, write_attempts = 0, write_failed_at = null
        from jsonb_to_recordset(${JSON.stringify(written.map(toRecordsetRow))}::jsonb) as sent(record_id text, score integer, grade text, version_id uuid)
        where rs.workspace_id = ${scope.workspaceId}::uuid and rs.model_id = ${scope.modelId}::uuid and rs.crm_object = ${scope.object} and rs.record_id = sent.record_id`);
    }
    if (failed.length > 0) {
      // A failure only concerns the values that were sent: a row rescored meanwhile is left for its new score.
      await tx.execute(sql`
        update record_scores rs set
          write_status = 'failed', write_error = sent.error, write_failed_at = ${at.toISOString()}::timestamptz,
          write_attempts = case when sent.final then greatest(rs.write_attempts + 1, ${maxAttempts}::integer) else rs.write_attempts + 1 end
        from jsonb_to_recordset(${JSON.stringify(failed.map((row) => ({ ...toRecordsetRow(row), error: row.error, final: row.final })))}::jsonb)
          as sent(record_id text, score integer, grade text, version_id uuid, error text, final boolean)
        where rs.workspace_id = ${scope.workspaceId}::uuid and rs.model_id = ${scope.modelId}::uuid and rs.crm_object = ${scope.object} and rs.record_id = sent.record_id
          and rs.score = sent.score and rs.grade = sent.grade and rs.version_id = sent.version_id`);
    }
  });
}

function toRecordsetRow(row: SentValues) {
  return { record_id: row.recordId, score: row.score, grade: row.grade, version_id: row.versionId };
}

/** Rows whose values Salesforce already holds are written without a call (if they still hold them). */
export async function markUnchangedWritten(db: Executor, scope: WritebackScope, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await db
    .update(recordScores)
    .set({ writeStatus: 'written', writeError: null, writeAttempts: 0, writeFailedAt: null })
    .where(and(inScope(scope), sql`${recordScores.recordId} in (select jsonb_array_elements_text(${JSON.stringify(recordIds)}::jsonb))`, isUnchanged));
}

/**
 * Notes why a run stopped on the rows it left pending (their status stays `pending`: nothing was
 * written for them), so that the status shows the cause until a later run writes them.
 */
export async function notePendingRowsError(db: Executor, scope: WritebackScope, error: string): Promise<void> {
  await db
    .update(recordScores)
    .set({ writeError: error })
    .where(and(inScope(scope), eq(recordScores.writeStatus, 'pending')));
}

export interface WriteStateCounts {
  pending: number;
  written: number;
  failed: number;
  /** Failed rows with attempts left: a later run sends them again. */
  retrying: number;
}

export async function countWriteStates(db: Executor, scope: WritebackScope, maxAttempts: number): Promise<WriteStateCounts> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${recordScores.writeStatus} = 'pending')`.mapWith(Number),
      written: sql<number>`count(*) filter (where ${recordScores.writeStatus} = 'written')`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${recordScores.writeStatus} = 'failed')`.mapWith(Number),
      retrying: sql<number>`count(*) filter (where ${recordScores.writeStatus} = 'failed' and ${recordScores.writeAttempts} < ${maxAttempts})`.mapWith(Number),
    })
    .from(recordScores)
    .where(inScope(scope));
  return { pending: row?.pending ?? 0, written: row?.written ?? 0, failed: row?.failed ?? 0, retrying: row?.retrying ?? 0 };
}

/** Rows carrying an error, most recently scored first. */
export async function listWriteErrors(db: Executor, scope: WritebackScope, limit: number) {
  return db
    .select({ recordId: recordScores.recordId, status: recordScores.writeStatus, error: recordScores.writeError, attempts: recordScores.writeAttempts, scoredAt: recordScores.scoredAt })
    .from(recordScores)
    .where(and(inScope(scope), isNotNull(recordScores.writeError)))
    .orderBy(desc(recordScores.scoredAt), asc(recordScores.recordId))
    .limit(limit);
}
