import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { modelVersions, recordScores, registeredModels, type RecordScoreRow } from '../db/schema/index.ts';

/** A record's stored score with the version number and model name it was scored by. */
export interface RecordScoreView extends RecordScoreRow {
  version: number;
  modelName: string;
}

export interface NewRecordScore {
  workspaceId: string;
  modelId: string;
  crmObject: string;
  recordId: string;
  versionId: string;
  probability: number;
  score: number;
  grade: string;
  reasons: unknown;
  /** When the record was read to be scored: a record synced after this is scored again. */
  scoredAt: Date;
}

export async function findRecordScore(db: Executor, key: { workspaceId: string; modelId: string; crmObject: string; recordId: string }): Promise<RecordScoreView | undefined> {
  const [row] = await db
    .select({ score: recordScores, version: modelVersions.version, modelName: registeredModels.name })
    .from(recordScores)
    .innerJoin(modelVersions, eq(modelVersions.id, recordScores.versionId))
    .innerJoin(registeredModels, eq(registeredModels.id, recordScores.modelId))
    .where(
      and(
        eq(recordScores.workspaceId, key.workspaceId),
        eq(recordScores.modelId, key.modelId),
        eq(recordScores.crmObject, key.crmObject),
        eq(recordScores.recordId, key.recordId),
      ),
    );
  return row && { ...row.score, version: row.version, modelName: row.modelName };
}

/**
 * Stores new scores. A record whose score changed keeps the old one as `previousScore` (for the
 * trend); one whose score, grade or version differs from what was last written to the CRM is
 * marked `pending` for the write-back. A score read before the stored one never replaces it, so
 * two rescorings running at once cannot go back in time.
 */
export async function upsertRecordScores(db: Executor, rows: readonly NewRecordScore[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((row) => ({
      workspace_id: row.workspaceId,
      model_id: row.modelId,
      crm_object: row.crmObject,
      record_id: row.recordId,
      version_id: row.versionId,
      probability: row.probability,
      score: row.score,
      grade: row.grade,
      reasons: row.reasons,
      scored_at: row.scoredAt.toISOString(),
    })),
  );
  await db.execute(sql`
    insert into record_scores (workspace_id, model_id, crm_object, record_id, version_id, probability, score, grade, reasons, scored_at)
    select workspace_id, model_id, crm_object, record_id, version_id, probability, score, grade, reasons, scored_at
    from jsonb_to_recordset(${json}::jsonb)
      as row(workspace_id uuid, model_id uuid, crm_object text, record_id text, version_id uuid, probability double precision, score integer, grade text, reasons jsonb, scored_at timestamptz)
    on conflict (workspace_id, model_id, crm_object, record_id) do update set
      version_id = excluded.version_id,
      probability = excluded.probability,
      score = excluded.score,
      grade = excluded.grade,
      reasons = excluded.reasons,
      scored_at = excluded.scored_at,
      previous_score = case when record_scores.score <> excluded.score then record_scores.score else record_scores.previous_score end,
      previous_scored_at = case when record_scores.score <> excluded.score then record_scores.scored_at else record_scores.previous_scored_at end,
      write_status = case
        when excluded.score is distinct from record_scores.written_score
          or excluded.grade is distinct from record_scores.written_grade
          or excluded.version_id is distinct from record_scores.written_version_id
        then 'pending' else record_scores.write_status end
    where record_scores.scored_at <= excluded.scored_at`);
}
