import type { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { z } from 'zod';
import type { Db, Sql } from '../../db/client.ts';
import { importTable } from '../../datasets/datasets.service.ts';
import { BATCH_SIZE, type TableStream } from '../../datasets/table.ts';
import type { Logger } from '../../logger.ts';
import type { CredentialVault } from '../credential-vault.ts';
import { findCrmConnectionById } from '../crm-connections.repo.ts';
import { streamCurrentRecords, upsertSyncedRecords, type SyncedRecord } from '../crm-records.repo.ts';
import { checkApiUsage } from '../salesforce/api-usage-ceiling.ts';
import { openStoredConnection } from '../salesforce/stored-connection.ts';
import { findHighWaterMark, findSyncRun, updateSyncRun, type SyncRunRow } from '../sync-runs.repo.ts';
import { flattenRecord, parseBulkValue, toCell } from './record-values.ts';
import { SALESFORCE_RETRY, withRetries, type RetryPolicy } from './retry.ts';
import { declaredColumnTypes, describeResultSchema, relationshipsToDescribe, selectSyncFields, valueKinds, type DescribeResult, type ValueKind } from './salesforce-describe.ts';
import { buildCountQuery, buildSyncQuery } from './soql.ts';

export interface SyncSettings {
  /** How far before the high-water mark an incremental sync starts, to catch records committed late in the same second. */
  overlapSeconds: number;
  /** Above this many records the Bulk API 2.0 is used instead of REST queries. */
  bulkThreshold: number;
  /** Records per REST page (Sforce-Query-Options batchSize) and per Bulk results page. */
  pageSize: number;
  /** How often and how patiently a failed Salesforce call is repeated. */
  retry: RetryPolicy;
  /** Pause between checks of a running Bulk API job. */
  bulkPollMs: number;
  /**
   * Share of the org's daily API requests (from Sforce-Limit-Info) above which a sync stops, so
   * that the org's other integrations keep theirs. The run resumes from its checkpoint later.
   */
  apiUsageCeiling: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = Object.freeze({ overlapSeconds: 300, bulkThreshold: 50_000, pageSize: 2_000, retry: SALESFORCE_RETRY, bulkPollMs: 1_000, apiUsageCeiling: 0.9 });

export interface SyncDeps {
  db: Db;
  sql: Sql;
  vault: CredentialVault;
  logger: Logger;
  settings: SyncSettings;
}

/** What a run remembers between attempts, in `sync_runs.checkpoint`. */
const checkpointSchema = z.object({
  fields: z.array(z.string()),
  /** REST: SystemModstamp of the last stored record; a resumed run queries from there. */
  lastModstamp: z.string().optional(),
  /** Bulk: the query job and the locator of the next results page. */
  bulk: z.object({ jobId: z.string(), locator: z.string().nullable() }).optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

const queryPageSchema = z.object({
  totalSize: z.number().optional(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

/** Raised when the run was cancelled between pages. */
export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
}

/**
 * Runs one queued sync run to completion: fetch the records changed in the run's window page by
 * page, store each page together with the checkpoint (so a killed run resumes where it stopped,
 * with neither duplicates nor gaps), then snapshot the object's current records as a dataset.
 * Only a run that reaches the end succeeds, moves the high-water mark and yields a snapshot.
 */
export async function runSync(deps: SyncDeps, ids: { workspaceId: string; syncRunId: string }, signal: AbortSignal): Promise<SyncRunRow> {
  try {
    return await performSync(deps, ids, signal);
  } catch (error) {
    // The run shows why it stopped; whoever runs it again (a job retry, the CLI) resumes from the checkpoint.
    const cancelled = error instanceof SyncCancelledError;
    const run = await updateSyncRun(deps.db, ids.syncRunId, {
      status: cancelled ? 'cancelled' : 'failed',
      error: { message: error instanceof Error ? error.message : String(error) },
      ...(cancelled ? { finishedAt: new Date() } : {}),
    });
    if (cancelled) return run;
    throw error;
  }
}

async function performSync(deps: SyncDeps, ids: { workspaceId: string; syncRunId: string }, signal: AbortSignal): Promise<SyncRunRow> {
  const { db, logger } = deps;
  let run = await findSyncRun(db, ids.workspaceId, ids.syncRunId);
  if (!run) throw new Error(`Sync run ${ids.syncRunId} does not exist`);
  if (run.status === 'succeeded' || run.status === 'cancelled') return run;
  const connectionRow = await findCrmConnectionById(db, run.workspaceId, run.connectionId);
  if (!connectionRow) throw new Error(`The CRM connection of sync run ${run.id} no longer exists`);

  const connection = await openStoredConnection({ ...deps, retry: deps.settings.retry }, connectionRow);
  const describeObject = async (name: string) => describeResultSchema.parse(await withRetries(() => connection.describe(name), { signal, policy: deps.settings.retry }));
  const describe = await describeObject(run.object);
  const related = new Map<string, DescribeResult>();
  for (const [relationship, object] of relationshipsToDescribe(describe, requestedFields(run.checkpoint))) related.set(relationship, await describeObject(object));
  const stored = checkpointSchema.safeParse(run.checkpoint);
  const checkpoint: Checkpoint = stored.success ? stored.data : { fields: selectSyncFields(describe, requestedFields(run.checkpoint), related) };

  if (!run.windowEnd) {
    const mark = run.mode === 'incremental' ? await findHighWaterMark(db, run.workspaceId, run.object) : null;
    run = await updateSyncRun(db, run.id, {
      status: 'running',
      // Without an earlier successful sync there is nothing to be incremental to: this one is full.
      ...(mark ? {} : { mode: 'full' as const }),
      startedAt: new Date(),
      windowStart: mark ? new Date(mark.getTime() - deps.settings.overlapSeconds * 1000) : null,
      windowEnd: new Date(),
      checkpoint,
      error: null,
    });
  } else {
    run = await updateSyncRun(db, run.id, { status: 'running', error: null });
  }
  const window = { object: run.object, since: run.windowStart ?? undefined, until: run.windowEnd! };

  if (run.recordsTotal === null) {
    const counted = queryPageSchema.parse(await withRetries(() => connection.request(queryUrl(connection, 'queryAll', buildCountQuery(window))), { signal, policy: deps.settings.retry }));
    run = await updateSyncRun(db, run.id, { recordsTotal: counted.totalSize ?? 0 });
  }
  logger.info({ syncRunId: run.id, object: run.object, mode: run.mode, windowStart: run.windowStart, windowEnd: run.windowEnd, total: run.recordsTotal }, 'sync started');

  const store = async (records: SyncedRecord[], next: Checkpoint) => {
    if (signal.aborted) throw new SyncCancelledError(`Sync run ${run!.id} was cancelled`);
    // The page in hand is not stored when this stops the run; a resumed run fetches it again.
    checkApiUsage(connection, deps.settings.apiUsageCeiling, 'The sync resumes from here when run again.');
    const deleted = records.filter((record) => record.isDeleted).length;
    await db.transaction(async (tx) => {
      await upsertSyncedRecords(tx, { workspaceId: run!.workspaceId, object: run!.object, syncRunId: run!.id }, records);
      run = await updateSyncRun(tx, run!.id, {
        checkpoint: next,
        recordsDone: Math.min(run!.recordsDone + records.length, run!.recordsTotal ?? Number.MAX_SAFE_INTEGER),
        recordsDeleted: run!.recordsDeleted + deleted,
      });
    });
  };

  const kinds = valueKinds(describe, checkpoint.fields, related);
  const useBulk = checkpoint.bulk !== undefined || (run.recordsTotal ?? 0) > deps.settings.bulkThreshold;
  if (useBulk) await pullWithBulkApi(connection, kinds, window, checkpoint, store, deps.settings, signal);
  else await pullWithRestQueries(connection, kinds, window, checkpoint, store, deps.settings, signal);

  const { dataset } = await importTable(db, {
    workspaceId: run.workspaceId,
    name: `${run.object} (Salesforce sync ${run.windowEnd!.toISOString().slice(0, 19)}Z)`,
    source: 'crm_sync',
    origin: { provider: 'salesforce', object: run.object, syncRunId: run.id, instanceUrl: connectionRow.instanceUrl },
    createdByUserId: run.requestedByUserId,
    table: currentRecordsTable(deps.sql, run.workspaceId, run.object, checkpoint.fields),
    profileOptions: { columnTypes: declaredColumnTypes(describe, checkpoint.fields, related) },
  });
  run = await updateSyncRun(db, run.id, { status: 'succeeded', finishedAt: new Date(), datasetId: dataset.id });
  logger.info({ syncRunId: run.id, object: run.object, records: run.recordsDone, deleted: run.recordsDeleted, datasetId: dataset.id }, 'sync succeeded');
  return run;
}

function requestedFields(checkpoint: unknown): string[] | undefined {
  const parsed = z.object({ requestedFields: z.array(z.string()) }).safeParse(checkpoint);
  return parsed.success ? parsed.data.requestedFields : undefined;
}

function queryUrl(connection: Connection, resource: 'query' | 'queryAll', soql: string): string {
  return `/services/data/v${connection.version}/${resource}?q=${encodeURIComponent(soql)}`;
}

function toSyncedRecord(record: Record<string, unknown>, fields: readonly string[], kinds: ReadonlyMap<string, ValueKind>): SyncedRecord {
  const flat = flattenRecord(record, fields, kinds);
  return { recordId: String(flat.Id), systemModstamp: new Date(String(flat.SystemModstamp)), isDeleted: flat.IsDeleted === true, fields: flat };
}

type Store = (records: SyncedRecord[], next: Checkpoint) => Promise<void>;
type Window = { object: string; since?: Date | undefined; until: Date };

/**
 * REST: `queryAll` (so deleted records come too, flagged IsDeleted) in SystemModstamp order,
 * following `nextRecordsUrl`. A resumed run starts again at the last stored SystemModstamp; the
 * records of that second come twice and the upsert makes that harmless.
 */
async function pullWithRestQueries(connection: Connection, kinds: ReadonlyMap<string, ValueKind>, window: Window, checkpoint: Checkpoint, store: Store, settings: SyncSettings, signal: AbortSignal): Promise<void> {
  const since = checkpoint.lastModstamp ? new Date(checkpoint.lastModstamp) : window.since;
  const headers = { 'Sforce-Query-Options': `batchSize=${settings.pageSize}` };
  let url: string | undefined = queryUrl(connection, 'queryAll', buildSyncQuery({ ...window, since, fields: checkpoint.fields }));
  while (url) {
    const pageUrl: string = url;
    const page = queryPageSchema.parse(await withRetries(() => connection.request({ method: 'GET', url: pageUrl, headers }), { signal, policy: settings.retry }));
    const records = page.records.map((record) => toSyncedRecord(record, checkpoint.fields, kinds));
    if (records.length > 0) await store(records, { ...checkpoint, lastModstamp: records.at(-1)!.systemModstamp.toISOString() });
    url = page.done ? undefined : page.nextRecordsUrl;
  }
}

const bulkJobSchema = z.object({ id: z.string(), state: z.string(), errorMessage: z.string().optional() });

/**
 * Bulk API 2.0: one `queryAll` job, then its CSV results page by page. The checkpoint holds the
 * job and the locator of the next page, so a resumed run continues reading the same results.
 */
async function pullWithBulkApi(connection: Connection, kinds: Map<string, ValueKind>, window: Window, checkpoint: Checkpoint, store: Store, settings: SyncSettings, signal: AbortSignal): Promise<void> {
  const jobsUrl = `/services/data/v${connection.version}/jobs/query`;
  let bulk = checkpoint.bulk;
  if (!bulk) {
    // Bulk queries do not accept ORDER BY as REST queries do, and need none: the locator is the checkpoint.
    const soql = buildSyncQuery({ ...window, fields: checkpoint.fields }).replace(/ ORDER BY .*$/, '');
    const job = bulkJobSchema.parse(
      await withRetries(() => connection.request({ method: 'POST', url: jobsUrl, body: JSON.stringify({ operation: 'queryAll', query: soql }), headers: { 'Content-Type': 'application/json' } }), { signal, policy: settings.retry }),
    );
    bulk = { jobId: job.id, locator: null };
  }
  for (;;) {
    const job = bulkJobSchema.parse(await withRetries(() => connection.request(`${jobsUrl}/${bulk!.jobId}`), { signal, policy: settings.retry }));
    if (job.state === 'JobComplete') break;
    if (job.state === 'Failed' || job.state === 'Aborted') throw new Error(`The Bulk API query job ${job.id} ended ${job.state}${job.errorMessage ? `: ${job.errorMessage}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, settings.bulkPollMs));
    if (signal.aborted) throw new SyncCancelledError('The sync was cancelled while the Bulk API job ran');
  }
  for (;;) {
    const locator = bulk.locator;
    let nextLocator: string | null = null;
    const records = await withRetries(
      async () => {
        // HttpApi is jsforce's own request layer (session renewal included); used directly for the Sforce-Locator header.
        const api = new HttpApi(connection, {});
        api.on('response', (response: { headers: Record<string, string | undefined> }) => {
          const header = response.headers['sforce-locator'];
          nextLocator = header && header !== 'null' ? header : null;
        });
        const params = new URLSearchParams({ maxRecords: String(settings.pageSize), ...(locator ? { locator } : {}) });
        return (await api.request({ method: 'GET', url: `${connection.instanceUrl}${jobsUrl}/${bulk!.jobId}/results?${params.toString()}`, headers: { Accept: 'text/csv' } })) as Record<string, string>[];
      },
      { signal, policy: settings.retry },
    );
    bulk = { jobId: bulk.jobId, locator: nextLocator };
    const typed = records.map((record) => toSyncedRecord(typedBulkRecord(record, kinds), checkpoint.fields, kinds));
    await store(typed, { ...checkpoint, bulk });
    if (nextLocator === null) return;
  }
}

/** Bulk results name related fields `Account.Industry` already; values come back as text. */
function typedBulkRecord(record: Record<string, string>, kinds: Map<string, ValueKind>): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(record)) typed[name] = parseBulkValue(text, kinds.get(name) ?? 'text');
  // Nest related fields again so flattenRecord reads both paths the same way.
  for (const name of Object.keys(typed)) {
    const dot = name.indexOf('.');
    if (dot === -1) continue;
    const relation = name.slice(0, dot);
    const nested = (typed[relation] ??= {}) as Record<string, unknown>;
    nested[name.slice(dot + 1)] = typed[name];
  }
  return typed;
}

/** The object's current records (deleted ones left out) as a table, for the snapshot. */
function currentRecordsTable(sql: Sql, workspaceId: string, object: string, fields: readonly string[]): TableStream {
  async function* batches() {
    for await (const records of streamCurrentRecords(sql, workspaceId, object, BATCH_SIZE)) {
      yield records.map((record) => fields.map((name) => toCell(record[name])));
    }
  }
  return { columns: [...fields], batches: batches() };
}
