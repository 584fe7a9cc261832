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

/**
 * The escapes in JSON.stringify's output that PostgreSQL's jsonb refuses: `\u0000` (its text
 * cannot hold NUL) and a lone surrogate, which JSON.stringify writes as an escape such as `\ud800`
 * (a valid pair it writes as the character itself). An escaped backslash (`\\`) is matched as
 * well, so that what follows it is never read as an escape.
 */
const ESCAPES_TO_CHECK = /\\(?:\\|u0000|ud[89a-f][0-9a-f]{2})/g;

/**
 * Each refused escape in a string value becomes U+FFFD; an escaped backslash stays. In an object's
 * key (the string is followed by `:`) an escape stays too, as the rows' keys were never rewritten:
 * PostgreSQL then refuses that row, which is stored alone with the reason instead of its inputs.
 */
function storableEscape(escape: string, offset: number, text: string): string {
  if (escape === '\\\\') return escape;
  let at = offset + escape.length;
  while (text.charCodeAt(at) !== QUOTE) at += text.charCodeAt(at) === BACKSLASH ? 2 : 1;
  return text.charCodeAt(at + 1) === COLON ? escape : '\\ufffd';
}
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * One row as jsonb text PostgreSQL takes. The prediction log keeps rows in this form, as bytes
 * outside the JavaScript heap (JsonRowBuffer), between a request and their INSERT: the row's
 * objects (inputs, reasons) would each be copied by every young-generation collection they live
 * through (decisions 0023 and 0025).
 */
export function predictionLogRowJson(row: PredictionLogEntry): string {
  const text = JSON.stringify({
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
  });
  // One scan for a backslash-u in the common case of none. A replacer checking every string value
  // made this 1.6–1.7 times as slow (10,000 generated leads: 60 ms against 37 ms).
  return text.includes('\\u') ? text.replace(ESCAPES_TO_CHECK, storableEscape) : text;
}

/** A row's text with its inputs and reasons replaced by why they could not be stored. */
export function withoutInputs(rowJson: string, reason: string): string {
  return JSON.stringify({ ...(JSON.parse(rowJson) as object), inputs: { notStored: reason }, reasons: null });
}

/** What identifies a row in an error message. */
export function rowIdentity(rowJson: string): { versionId: unknown; requestId: unknown } {
  const row = JSON.parse(rowJson) as { version_id?: unknown; request_id?: unknown };
  return { versionId: row.version_id, requestId: row.request_id };
}

/**
 * Writes rows, each as `predictionLogRowJson` made it, given as the UTF-8 bytes of one JSON array
 * (`[row,row]`, as the prediction log's stores hand them over), in one statement, so a batch is
 * stored whole or not at all. The rows travel as one parameter expanded by `json_to_recordset`: a
 * multi-row VALUES list built by the query builder costs more CPU than the database spends storing
 * it (as crm-records.repo.ts found).
 *
 * The parameter is read as `json`, and only each row's inputs and reasons are parsed into jsonb.
 * Parsing the whole array as jsonb (`jsonb_to_recordset`) cost PostgreSQL 125–130 µs of CPU a row,
 * against 56–65 µs this way (rows of about 2 KB, 200 to a statement; decision 0027).
 */
export async function insertPredictionLogs(db: Executor, jsonArray: Uint8Array): Promise<void> {
  const rowsJsonArray = Buffer.from(jsonArray.buffer, jsonArray.byteOffset, jsonArray.byteLength).toString('utf8');
  if (rowsJsonArray === '[]') return;
  await db.execute(sql`
    insert into prediction_logs (workspace_id, model_id, version_id, shadow, source, caller_user_id, caller_api_key_id, request_id,
                                 crm_object, record_id, inputs, probability, score, grade, reasons, problem, created_at)
    select workspace_id, model_id, version_id, shadow, source, caller_user_id, caller_api_key_id, request_id,
           crm_object, record_id, inputs::jsonb, probability, score, grade, reasons::jsonb, problem, created_at
    from json_to_recordset(${rowsJsonArray}::json)
      as row(workspace_id uuid, model_id uuid, version_id uuid, shadow boolean, source text, caller_user_id uuid, caller_api_key_id uuid, request_id text,
             crm_object text, record_id text, inputs json, probability double precision, score integer, grade text, reasons json, problem text, created_at timestamptz)`);
}

/**
 * Why insertPredictionLogs failed: the database's message and SQLSTATE (postgres.js's error, under
 * drizzle's wrapper), or the message of any other failure, without a code.
 */
export function insertFailure(error: unknown): { message: string; code: string | undefined } {
  const candidate = (error as { cause?: unknown })?.cause ?? error;
  const code = (candidate as { code?: unknown } | null)?.code;
  return { message: candidate instanceof Error ? candidate.message : String(candidate), code: typeof code === 'string' ? code : undefined };
}
