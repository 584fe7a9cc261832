import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';

/** One served score as the prediction log keeps it. */
export interface PredictionLogEntry {
  workspaceId: string;
  modelId: string;
  versionId: string;
  /** A challenger's score, logged for comparison and never returned. */
  shadow: boolean;
  /** api, excel, rescore. */
  source: string;
  callerUserId: string | null;
  callerApiKeyId: string | null;
  requestId: string | null;
  crmObject: string | null;
  recordId: string | null;
  /** The fields the version reads, as sent (a record that is not an object: `{ "notAnObject": value }`). */
  inputs: unknown;
  probability: number | null;
  score: number | null;
  grade: string | null;
  reasons: unknown;
  problem: string | null;
  scoredAt: Date;
}

// PostgreSQL's text cannot hold NUL, and jsonb refuses a surrogate without its pair.
// eslint-disable-next-line no-control-regex
const UNSTORABLE_CHARACTERS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL's jsonb takes: no NUL character and no lone surrogate (each becomes U+FFFD). */
function storableText(text: string): string {
  return text.replace(UNSTORABLE_CHARACTERS, '\uFFFD');
}

function jsonText(rows: readonly PredictionLogEntry[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      workspace_id: row.workspaceId,
      model_id: row.modelId,
      version_id: row.versionId,
      shadow: row.shadow,
      source: row.source,
      caller_user_id: row.callerUserId,
      caller_api_key_id: row.callerApiKeyId,
      request_id: row.requestId,
      crm_object: row.crmObject,
      record_id: row.recordId,
      inputs: row.inputs,
      probability: row.probability,
      score: row.score,
      grade: row.grade,
      reasons: row.reasons,
      problem: row.problem,
      created_at: row.scoredAt.toISOString(),
    })),
    (_key, value: unknown) => (typeof value === 'string' ? storableText(value) : value),
  );
}

/**
 * Writes rows in one statement, so a batch is stored whole or not at all. The rows travel as one
 * JSON parameter expanded by `jsonb_to_recordset`: a multi-row VALUES list built by the query
 * builder costs more CPU than the database spends storing it (as crm-records.repo.ts found).
 */
export async function insertPredictionLogs(db: Executor, rows: readonly PredictionLogEntry[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into prediction_logs (workspace_id, model_id, version_id, shadow, source, caller_user_id, caller_api_key_id, request_id,
                                 crm_object, record_id, inputs, probability, score, grade, reasons, problem, created_at)
    select workspace_id, model_id, version_id, shadow, source, caller_user_id, caller_api_key_id, request_id,
           crm_object, record_id, inputs, probability, score, grade, reasons, problem, created_at
    from jsonb_to_recordset(${jsonText(rows)}::jsonb)
      as row(workspace_id uuid, model_id uuid, version_id uuid, shadow boolean, source text, caller_user_id uuid, caller_api_key_id uuid, request_id text,
             crm_object text, record_id text, inputs jsonb, probability double precision, score integer, grade text, reasons jsonb, problem text, created_at timestamptz)`);
}
