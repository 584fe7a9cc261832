import type { CrmObject } from '@scorebridge/shared';
import type { Connection } from 'jsforce';
import { ConflictError } from '../../errors.ts';
import type { Executor } from '../../db/client.ts';
import { findCrmConnection, type CrmConnectionRow } from '../crm-connections.repo.ts';
import { checkApiUsage } from '../salesforce/api-usage-ceiling.ts';
import { openStoredConnection } from '../salesforce/stored-connection.ts';
import { withRetries } from '../sync/retry.ts';
import type { SyncDeps } from '../sync/sync-runner.ts';
import { updateWithIngestJob } from './bulk-ingest-transport.ts';
import { COLLECTION_LIMIT, updateRecordCollection, type RecordUpdate } from './composite-transport.ts';
import { checkScoreFields, describeForWritebackSchema } from './field-check.ts';
import { scoreFieldValues } from './score-fields.ts';
import { describeFailure, isRecordGone, type WriteOutcome } from './write-outcomes.ts';
import { withWritebackLock } from './writeback-lock.ts';
import {
  countRowsToSend,
  listWritebackModels,
  markUnchangedWritten,
  notePendingRowsError,
  readDueRows,
  recordWriteResults,
  type DueRow,
  type WritebackScope,
} from './writeback-rows.repo.ts';

export interface WritebackSettings {
  /** Up to this many records to send, sObject Collections requests (200 records each); above it, Bulk API 2.0 ingest jobs. */
  bulkThreshold: number;
  /** Records per Bulk API ingest job; a larger set takes several jobs, one after the other. */
  bulkJobSize: number;
  /** A failed row is sent again by later runs until it has failed this many times... */
  maxAttempts: number;
  /** ...but not before this many seconds after its first failure, twice as long after its second, and so on. */
  retryDelaySeconds: number;
}

/** Retries of a failed record come 5, 10, 20 and 40 minutes after its failures, then it is given up. */
export const DEFAULT_WRITEBACK_SETTINGS: WritebackSettings = Object.freeze({ bulkThreshold: 2_000, bulkJobSize: 10_000, maxAttempts: 5, retryDelaySeconds: 300 });

/**
 * The settings of one run. Runs that follow rescoring wait out each failed record's back-off; a
 * run an admin asks for (the API, the CLI) sends failed records with attempts left at once, as
 * after fixing what made them fail.
 */
export function writebackSettings({ retryFailedNow = false }: { retryFailedNow?: boolean } = {}): WritebackSettings {
  return retryFailedNow ? { ...DEFAULT_WRITEBACK_SETTINGS, retryDelaySeconds: 0 } : DEFAULT_WRITEBACK_SETTINGS;
}

export interface WritebackResult {
  object: CrmObject;
  /** The first model whose scores were written; null when no model with a champion scores the object. */
  model: { id: string; name: string } | null;
  /** Every model whose scores were written: models with segments share the object's fields. */
  models: { id: string; name: string }[];
  transport: 'collections' | 'bulk' | null;
  /** Rows whose score, grade or version differed from what Salesforce holds. */
  toSend: number;
  /** Rows marked written without a call: Salesforce already held their values. */
  unchanged: number;
  written: number;
  failed: number;
  /** Of the failed rows, those whose record is gone from Salesforce (not retried). */
  gone: number;
  /** sObject Collections requests or Bulk API jobs made. */
  requests: number;
}

export interface WritebackOptions {
  signal: AbortSignal;
  settings?: WritebackSettings;
  /** Called after each batch with the rows answered so far and the rows to send. */
  onProgress?: (answered: number, toSend: number) => void;
  /** Called once when another write-back of the object is running and this one waits for it. */
  onWait?: () => void;
}

/** The workspace's Salesforce connection, or a 409 that says how to make one. */
export async function requireCrmConnection(db: Executor, workspaceId: string): Promise<CrmConnectionRow> {
  const row = await findCrmConnection(db, workspaceId);
  if (!row) throw new ConflictError('No Salesforce org is connected to this workspace; connect one first (PUT /v1/crm/connection or scorebridge crm connect)');
  return row;
}

/**
 * Writes one object's due scores to Salesforce: the rows of the object's write-back model that are
 * pending, or failed with attempts left. Rows whose values Salesforce already holds are marked
 * written without a call; the rest go by sObject Collections or, for large sets, Bulk API 2.0
 * ingest jobs. Every batch's per-record answers are stored before the next batch is sent, so each
 * row's state says what Salesforce answered for it. A batch that fails as a whole (after retries)
 * ends the run with its cause, leaving the rows not yet answered pending for the next run.
 */
export async function runWriteback(deps: SyncDeps, request: { workspaceId: string; object: CrmObject }, options: WritebackOptions): Promise<WritebackResult> {
  const { db, logger } = deps;
  const models = await listWritebackModels(db, request.workspaceId, request.object);
  const result: WritebackResult = { object: request.object, model: models[0] ?? null, models, transport: null, toSend: 0, unchanged: 0, written: 0, failed: 0, gone: 0, requests: 0 };
  if (models.length === 0) {
    logger.info({ workspaceId: request.workspaceId, object: request.object }, 'write-back skipped: no model with a champion scores this object');
    return result;
  }
  return withWritebackLock(deps.sql, request, options.signal, options.onWait ?? (() => {}), async () => {
    // Read once the lock is held: an admin may have reconnected the org while this run waited.
    const connectionRow = await requireCrmConnection(db, request.workspaceId);
    for (const model of models) {
      const scope: WritebackScope = { workspaceId: request.workspaceId, modelId: model.id, object: request.object };
      try {
        await writeDueRows(deps, scope, model.name, () => openStoredConnection({ ...deps, retry: deps.settings.retry }, connectionRow), result, options);
      } catch (error) {
        await notePendingRowsError(db, scope, error instanceof Error ? error.message : String(error));
        throw error;
      }
    }
    logger.info({ ...result, workspaceId: request.workspaceId }, 'write-back finished');
    return result;
  });
}

async function writeDueRows(deps: SyncDeps, scope: WritebackScope, modelName: string, connect: () => Promise<Connection>, result: WritebackResult, options: WritebackOptions): Promise<void> {
  const { db, settings: salesforce } = deps;
  const { signal, settings = DEFAULT_WRITEBACK_SETTINGS } = options;
  const toSend = await countRowsToSend(db, scope, settings);
  result.toSend += toSend;
  const bulk = toSend > settings.bulkThreshold;
  // The fields are checked before anything is marked, so a misconfigured org leaves every row as it was.
  let target: { connection: Connection; lengths: Map<string, number> } | undefined;
  if (toSend > 0) {
    const connection = await connect();
    const describe = describeForWritebackSchema.parse(await withRetries(() => connection.describe(scope.object), { signal, policy: salesforce.retry }));
    target = { connection, lengths: checkScoreFields(describe) };
    result.transport = bulk ? 'bulk' : 'collections';
  }

  const pageSize = bulk ? settings.bulkJobSize : COLLECTION_LIMIT;
  for (let after: string | null = null; ; ) {
    const rows = await readDueRows(db, scope, settings, after, pageSize);
    if (rows.length === 0) return;
    after = rows.at(-1)!.recordId;
    const unchanged = rows.filter((row) => row.unchanged);
    await markUnchangedWritten(db, scope, unchanged.map((row) => row.recordId));
    result.unchanged += unchanged.length;
    const changed = rows.filter((row) => !row.unchanged);
    if (changed.length === 0 || !target) continue;

    if (signal.aborted) throw new Error('The write-back was cancelled; the rows not yet sent stay pending');
    checkApiUsage(target.connection, salesforce.apiUsageCeiling, 'The rows not yet sent stay pending for the next write-back.');
    const updates = changed.map((row): RecordUpdate => ({ Id: row.recordId, ...scoreFieldValues({ ...row, modelName }, target!.lengths) }));
    result.requests += 1;
    if (bulk) {
      const answer = await updateWithIngestJob(target.connection, scope.object, updates, { policy: salesforce.retry, signal, pollMs: salesforce.bulkPollMs });
      await storeOutcomes(deps, scope, changed, answer.outcomes, result, settings.maxAttempts);
      if (answer.jobError) throw new Error(`${answer.jobError}; the records it did not report stay pending`);
    } else {
      const outcomes = await updateRecordCollection(target.connection, scope.object, updates, { policy: salesforce.retry, signal });
      await storeOutcomes(deps, scope, changed, outcomes, result, settings.maxAttempts);
    }
    options.onProgress?.(result.written + result.failed, result.toSend);
  }
}

/** Stores one batch's answers; rows Salesforce did not answer for are left as they were. */
async function storeOutcomes(deps: SyncDeps, scope: WritebackScope, sent: readonly DueRow[], outcomes: readonly WriteOutcome[], result: WritebackResult, maxAttempts: number): Promise<void> {
  const byId = new Map(sent.map((row) => [row.recordId, row]));
  const written = [];
  const failed = [];
  for (const outcome of outcomes) {
    const row = byId.get(outcome.recordId);
    if (!row) continue;
    const values = { recordId: row.recordId, score: row.score, grade: row.grade, versionId: row.versionId };
    if (outcome.ok) {
      written.push(values);
    } else {
      const final = isRecordGone(outcome.code);
      failed.push({ ...values, error: describeFailure(outcome), final });
      if (final) result.gone += 1;
    }
  }
  await recordWriteResults(deps.db, scope, { written, failed, maxAttempts, at: new Date() });
  result.written += written.length;
  result.failed += failed.length;
}
