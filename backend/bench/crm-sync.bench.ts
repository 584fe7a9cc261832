import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../src/auth/principal.ts';
import { createCredentialVault } from '../src/crm/credential-vault.ts';
import { streamCurrentRecords } from '../src/crm/crm-records.repo.ts';
import { createCrmService } from '../src/crm/crm.service.ts';
import type { RequestLogEntry } from '../src/crm/salesforce-stand-in/index.ts';
import { toCell } from '../src/crm/sync/record-values.ts';
import { DEFAULT_SYNC_SETTINGS, runSync, type SyncSettings } from '../src/crm/sync/sync-runner.ts';
import type { SyncRunRow } from '../src/crm/sync-runs.repo.ts';
import { findDataset } from '../src/datasets/datasets.repo.ts';
import { importTable } from '../src/datasets/datasets.service.ts';
import { BATCH_SIZE, type TableStream } from '../src/datasets/table.ts';
import { createDatabase, type DatabaseConnection } from '../src/db/client.ts';
import type { DatasetRow } from '../src/db/schema/index.ts';
import { createLogger } from '../src/logger.ts';
import { insertWorkspace } from '../src/workspaces/workspaces.repo.ts';
import { positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';
import { forkChild, type ChildHandle } from './child-process.ts';
import type { StandInStarted } from './crm-sync.stand-in.ts';
import { cpuSeconds, sampleMemory, toMiB, type MemoryPeaks } from './memory-sampler.ts';

/**
 * A Salesforce sync of generated leads from the stand-in, through the real sync runner (runSync):
 * jsforce against the stand-in over loopback HTTP, each page upserted into crm_records with its
 * checkpoint, then the object's current records snapshotted as a dataset (importTable).
 *
 *   a. full sync through REST queryAll pages (nextRecordsUrl), 2,000 records a page
 *   b. full sync through one Bulk API 2.0 query job, results read 2,000 records a page
 *   c. the snapshot step alone: importTable over a's stored records, as a baseline for the last step of a sync
 *   d. incremental sync after 1% of the leads changed, with the default settings
 *
 * a and b run in workspaces of their own, so each starts from an empty crm_records for its
 * workspace. The stand-in runs in a child process (crm-sync.stand-in.ts), as a real org would be
 * elsewhere: its CPU and memory are not the sync's.
 */

export const name = 'crm-sync';

const STAND_IN_SCRIPT = fileURLToPath(new URL('./crm-sync.stand-in.ts', import.meta.url));
const CLIENT_ID = '3MVG9-benchmark';
const REFRESH_TOKEN = '5Aep861-benchmark';
const SEED = 20_260_630;
const PAGE_SIZE = 2_000;
/** 1% of the records change before the incremental sync. */
const UPDATE_EVERY = 100;
const POLL_MS = 100;
const WARM_UP_RECORDS = 5_000;

interface RequestCounts {
  total: number;
  /** Pages of records: REST query and queryMore pages, or Bulk results pages. */
  dataPages: number;
  summary: string;
  /** Time the stand-in spent answering, summed over requests (from request to its last byte written). */
  answerSeconds: number;
  bulkJobs: number;
}

/** Sorts the stand-in's request log into what a sync did. */
function countRequests(entries: readonly RequestLogEntry[]): RequestCounts {
  const kinds = new Map<string, number>();
  const add = (kind: string) => kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  let dataPages = 0;
  for (const entry of entries) {
    const soql = new URLSearchParams(entry.query).get('q') ?? '';
    if (entry.path.includes('/oauth2/token')) add('token');
    else if (entry.path.endsWith('/describe')) add('describe');
    else if (entry.method === 'POST' && entry.path.endsWith('/jobs/query')) add('bulk job');
    else if (/\/jobs\/query\/[^/]+\/results$/.test(entry.path)) {
      add('bulk results');
      dataPages += 1;
    } else if (/\/jobs\/query\/[^/]+$/.test(entry.path)) add('bulk status');
    else if (/\/query(All)?$/.test(entry.path) && /COUNT\(\)/i.test(soql)) add('count');
    else if (/\/query(All)?$/.test(entry.path)) {
      add('query');
      dataPages += 1;
    } else if (/\/query(All)?\/[^/]+$/.test(entry.path)) {
      add('queryMore');
      dataPages += 1;
    } else add(`${entry.method} ${entry.path}`);
  }
  const failed = entries.filter((entry) => entry.status >= 400 || entry.status === 0).length;
  return {
    total: entries.length,
    dataPages,
    summary: [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ') + (failed > 0 ? `; ${failed} FAILED` : ''),
    answerSeconds: entries.reduce((sum, entry) => sum + entry.durationMs, 0) / 1000,
    bulkJobs: kinds.get('bulk job') ?? 0,
  };
}

interface Measured {
  wallSeconds: number;
  /** From the start until the sync run showed every record stored (polled), when it could be seen. */
  fetchSeconds: number | undefined;
  syncCpuSeconds: number;
  standInCpuSeconds: number;
  memory: MemoryPeaks;
}

/** Runs `work` with CPU, memory and, for a sync run, the moment its last page was stored. */
async function measure<T>(standIn: ChildHandle, database: DatabaseConnection, syncRunId: string | undefined, work: () => Promise<T>): Promise<{ value: T; measured: Measured }> {
  const standInCpuBefore = await standIn.request<number>('cpu');
  const cpuBefore = cpuSeconds();
  const sampler = sampleMemory(100);
  const started = performance.now();
  let fetchedAt: number | undefined;
  let polling = syncRunId !== undefined;
  const poller = (async () => {
    while (polling) {
      await sleep(POLL_MS);
      const [row] = await database.sql<{ records_done: number; records_total: number | null }[]>`select records_done, records_total from sync_runs where id = ${syncRunId!}`;
      if (fetchedAt === undefined && row && row.records_total !== null && row.records_done >= row.records_total) fetchedAt = performance.now();
    }
  })();
  let value: T;
  try {
    value = await work();
  } finally {
    polling = false;
    await poller;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const memory = sampler.stop();
  const syncCpuSeconds = cpuSeconds() - cpuBefore;
  const standInCpuSeconds = (await standIn.request<number>('cpu')) - standInCpuBefore;
  return { value, measured: { wallSeconds, fetchSeconds: fetchedAt === undefined ? undefined : (fetchedAt - started) / 1000, syncCpuSeconds, standInCpuSeconds, memory } };
}

/** The same table runSync snapshots (sync-runner.ts, currentRecordsTable): current records in id order, fields as cells. */
function currentRecordsTable(database: DatabaseConnection, workspaceId: string, object: string, fields: readonly string[]): TableStream {
  async function* batches() {
    for await (const records of streamCurrentRecords(database.sql, workspaceId, object, BATCH_SIZE)) {
      yield records.map((record) => fields.map((field) => toCell(record[field])));
    }
  }
  return { columns: [...fields], batches: batches() };
}

interface SyncCase {
  label: string;
  path: string;
  run: SyncRunRow;
  dataset: DatasetRow;
  requests: RequestCounts;
  measured: Measured;
}

export async function run({ databaseUrl, progress }: BenchContext): Promise<BenchResult> {
  const records = positiveNumberFromEnv('BENCH_SYNC_RECORDS', 100_000);
  if (!Number.isSafeInteger(records)) throw new Error(`BENCH_SYNC_RECORDS must be a whole number (got ${records})`);
  // runSync's snapshot holds one connection for its transaction while another streams the records; one more for polling.
  const database = createDatabase({ url: databaseUrl, poolMax: 4 });
  const standIn = forkChild(STAND_IN_SCRIPT);
  try {
    progress(`starting the Salesforce stand-in with ${records.toLocaleString('en')} generated leads (child process)`);
    const started = await standIn.request<StandInStarted>('start', { records, seed: SEED, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN });
    if (started.records !== records) throw new Error(`The stand-in holds ${started.records} leads, not ${records}`);

    const vault = createCredentialVault(randomBytes(32));
    const crm = createCrmService({
      db: database.db,
      vault,
      jobQueue: { send: async () => 'not-used' },
      loginUrlPolicy: { hosts: [], allowLoopback: true },
      apiVersion: '62.0',
    });
    const logger = createLogger({ level: 'silent', format: 'json' });
    const actorOf = (workspaceId: string): Actor => ({ workspaceId, userId: null, apiKeyId: null, label: 'benchmark', requestId: null });
    const restWorkspace = await insertWorkspace(database.db, { name: 'Sync benchmark (REST)', slug: 'bench-sync-rest' });
    const bulkWorkspace = await insertWorkspace(database.db, { name: 'Sync benchmark (Bulk)', slug: 'bench-sync-bulk' });
    const snapshotWorkspace = await insertWorkspace(database.db, { name: 'Snapshot baseline', slug: 'bench-sync-snapshot' });
    for (const workspace of [restWorkspace, bulkWorkspace]) {
      await crm.connect(actorOf(workspace.id), { authFlow: 'refresh_token', loginUrl: started.loginUrl, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN });
    }

    // Warm-up, discarded: in trial runs whichever sync ran first in this process was 15-25% slower
    // (JIT), so both paths run once on a small org of their own before anything is measured.
    const warmUpRecords = Math.min(WARM_UP_RECORDS, records);
    progress(`warm-up: REST and Bulk syncs of ${warmUpRecords.toLocaleString('en')} leads from a second stand-in (not measured)`);
    const warmUpStandIn = forkChild(STAND_IN_SCRIPT);
    try {
      const warmUpOrg = await warmUpStandIn.request<StandInStarted>('start', { records: warmUpRecords, seed: SEED + 1, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN });
      for (const [index, bulkThreshold] of [Number.MAX_SAFE_INTEGER, 0].entries()) {
        const workspace = await insertWorkspace(database.db, { name: 'Warm-up', slug: `bench-sync-warm-up-${index}` });
        await crm.connect(actorOf(workspace.id), { authFlow: 'refresh_token', loginUrl: warmUpOrg.loginUrl, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN });
        const queued = await crm.createSyncRun(actorOf(workspace.id), { object: 'Lead', full: true });
        const run = await runSync({ db: database.db, sql: database.sql, vault, logger, settings: { ...DEFAULT_SYNC_SETTINGS, pageSize: PAGE_SIZE, bulkThreshold } }, { workspaceId: workspace.id, syncRunId: queued.id }, new AbortController().signal);
        if (run.status !== 'succeeded') throw new Error(`The warm-up sync ended ${run.status}: ${JSON.stringify(run.error)}`);
      }
    } finally {
      await warmUpStandIn.stop();
    }

    const syncCase = async (label: string, path: string, workspaceId: string, full: boolean, settings: SyncSettings): Promise<SyncCase> => {
      progress(label);
      await standIn.request('requests');
      const queued = await crm.createSyncRun(actorOf(workspaceId), { object: 'Lead', full });
      const { value: run, measured } = await measure(standIn, database, queued.id, () =>
        runSync({ db: database.db, sql: database.sql, vault, logger, settings }, { workspaceId, syncRunId: queued.id }, new AbortController().signal),
      );
      const requests = countRequests(await standIn.request<RequestLogEntry[]>('requests'));
      if (run.status !== 'succeeded' || !run.datasetId) throw new Error(`${label}: the sync ended ${run.status}: ${JSON.stringify(run.error)}`);
      const dataset = (await findDataset(database.db, workspaceId, run.datasetId))!;
      progress(`${label}: ${measured.wallSeconds.toFixed(1)} s, ${run.recordsDone} records, ${requests.total} requests`);
      return { label, path, run, dataset, requests, measured };
    };
    const storedCount = async (workspaceId: string) => {
      const [row] = await database.sql<{ count: string }[]>`select count(*) from crm_records where workspace_id = ${workspaceId} and object = 'Lead'`;
      return Number(row!.count);
    };

    // a. REST: a threshold above any count keeps the sync on REST queries.
    const rest = await syncCase('a. full sync, REST queryAll', `REST, ${PAGE_SIZE.toLocaleString('en')}/page`, restWorkspace.id, true, { ...DEFAULT_SYNC_SETTINGS, pageSize: PAGE_SIZE, bulkThreshold: Number.MAX_SAFE_INTEGER });
    // b. Bulk: a threshold of 0 sends any count to the Bulk API.
    const bulk = await syncCase('b. full sync, Bulk API 2.0', `Bulk 2.0, ${PAGE_SIZE.toLocaleString('en')}/page`, bulkWorkspace.id, true, { ...DEFAULT_SYNC_SETTINGS, pageSize: PAGE_SIZE, bulkThreshold: 0 });
    for (const each of [rest, bulk]) {
      const stored = await storedCount(each.run.workspaceId);
      if (each.run.recordsTotal !== records || each.run.recordsDone !== records || stored !== records || each.dataset.rowCount !== records) {
        throw new Error(`${each.label}: expected ${records} records everywhere, got total ${each.run.recordsTotal}, done ${each.run.recordsDone}, stored ${stored}, snapshot rows ${each.dataset.rowCount}`);
      }
    }
    if (rest.requests.bulkJobs !== 0) throw new Error('The REST sync created a Bulk API job');
    if (bulk.requests.bulkJobs !== 1) throw new Error(`The Bulk sync created ${bulk.requests.bulkJobs} Bulk API jobs, not 1`);
    // Which stored fields the two paths wrote differently for the same record (before d changes any).
    const differences = await database.sql<{ field: string; records: string; rest_value: unknown; bulk_value: unknown }[]>`
      select e.key as field, count(*) as records, min(e.value::text) as rest_value, min((b.fields -> e.key)::text) as bulk_value
      from crm_records r
      join crm_records b on b.workspace_id = ${bulk.run.workspaceId} and b.object = r.object and b.record_id = r.record_id
      cross join lateral jsonb_each(r.fields) as e(key, value)
      where r.workspace_id = ${rest.run.workspaceId} and r.object = 'Lead' and (b.fields -> e.key) is distinct from e.value
      group by e.key order by e.key`;

    // c. The snapshot step alone, over the records a stored, into a third workspace (so its content hash is new there).
    progress('c. snapshot alone: importTable over the stored records');
    const fields = (rest.run.checkpoint as { fields: string[] }).fields;
    const { value: baseline, measured: baselineMeasured } = await measure(standIn, database, undefined, () =>
      importTable(database.db, {
        workspaceId: snapshotWorkspace.id,
        name: 'Lead snapshot baseline',
        source: 'crm_sync',
        origin: { benchmark: true },
        createdByUserId: null,
        table: currentRecordsTable(database, restWorkspace.id, 'Lead', fields),
      }),
    );
    if (!baseline.created || baseline.dataset.rowCount !== records) throw new Error(`The snapshot baseline stored ${baseline.dataset.rowCount} rows (created: ${baseline.created})`);

    // d. 1% of the leads change in the org; an incremental sync with the default settings.
    const { updated } = await standIn.request<{ updated: number }>('update', { every: UPDATE_EVERY, changes: { Rating: 'Hot', Title: 'Changed by the benchmark' } });
    const incremental = await syncCase(`d. incremental sync after ${updated.toLocaleString('en')} leads changed`, `default settings (REST below ${DEFAULT_SYNC_SETTINGS.bulkThreshold.toLocaleString('en')})`, restWorkspace.id, false, DEFAULT_SYNC_SETTINGS);
    if (incremental.requests.bulkJobs !== 0) throw new Error('The incremental sync used the Bulk API');
    if (incremental.run.recordsDone !== updated) throw new Error(`The incremental sync fetched ${incremental.run.recordsDone} records for ${updated} changed ones`);
    const [changed] = await database.sql<{ count: string }[]>`
      select count(*) from crm_records where workspace_id = ${restWorkspace.id} and object = 'Lead' and fields->>'Title' = 'Changed by the benchmark'`;
    if (Number(changed!.count) !== updated) throw new Error(`After the incremental sync ${changed!.count} stored leads carry the change, not ${updated}`);
    const standInRss = await standIn.request<number>('rss');

    const syncRow = (each: SyncCase): Cell[] => {
      const { measured } = each;
      const done = each.run.recordsDone;
      const snapshotSeconds = measured.fetchSeconds === undefined ? undefined : measured.wallSeconds - measured.fetchSeconds;
      return [
        each.label,
        each.path,
        done,
        measured.wallSeconds,
        Math.round(done / measured.wallSeconds),
        measured.fetchSeconds ?? '-',
        measured.fetchSeconds === undefined ? '-' : Math.round(done / measured.fetchSeconds),
        snapshotSeconds ?? '-',
        each.requests.total,
        each.requests.dataPages,
        each.requests.answerSeconds,
        measured.syncCpuSeconds,
        measured.standInCpuSeconds,
        toMiB(measured.memory.peakRss),
        toMiB(measured.memory.peakHeapUsed),
      ];
    };
    const table: Cell[][] = [
      syncRow(rest),
      syncRow(bulk),
      [
        'c. snapshot step alone: importTable over a\'s stored records',
        'PostgreSQL only',
        baseline.dataset.rowCount,
        baselineMeasured.wallSeconds,
        Math.round(baseline.dataset.rowCount / baselineMeasured.wallSeconds),
        '-',
        '-',
        baselineMeasured.wallSeconds,
        '-',
        '-',
        '-',
        baselineMeasured.syncCpuSeconds,
        '-',
        toMiB(baselineMeasured.memory.peakRss),
        toMiB(baselineMeasured.memory.peakHeapUsed),
      ],
      syncRow(incremental),
    ];

    const sameSnapshot = (a: DatasetRow, b: DatasetRow) => (a.contentHash === b.contentHash ? 'identical to' : 'DIFFERENT from');
    const notes: string[] = [
      `Org: the Salesforce stand-in in a child process on loopback, holding ${records.toLocaleString('en')} synthetic leads (generateRecordBatches, seed ${SEED}, toSalesforceJson; cell flaws on, duplicate-row flaws off since an org holds each Id once) described by describeSyntheticObject (${started.fields} fields), loaded in ${started.loadSeconds.toFixed(1)} s; its RSS was ${toMiB(standInRss).toFixed(0)} MiB at the end. BENCH_SYNC_RECORDS sets the count. Bulk jobs are complete at the first status check (checksBeforeComplete 0): a real org's job run time is not modelled.`,
      `Sync: runSync with unmodified jsforce, connected through createCrmService().connect (refresh-token flow, loopback allowed); settings DEFAULT_SYNC_SETTINGS with pageSize ${PAGE_SIZE} and bulkThreshold MAX_SAFE_INTEGER (a) or 0 (b); d uses the defaults as they are (bulkThreshold ${DEFAULT_SYNC_SETTINGS.bulkThreshold.toLocaleString('en')}, pageSize ${DEFAULT_SYNC_SETTINGS.pageSize}). a and b each sync into their own workspace, so each starts with no stored leads. Before a, a REST and a Bulk full sync of ${Math.min(WARM_UP_RECORDS, records).toLocaleString('en')} leads from a second stand-in warmed up this process (discarded; in trial runs without it the first sync in the process was 15-25% slower, whichever path it took).`,
      'wall s: runSync from call to return (connect, describe, COUNT(), every page fetched and upserted with its checkpoint, then the snapshot). fetch + store s: until the sync run showed every record stored, polled every 100 ms (so up to ~0.1 s late); snapshot s is the rest: the dataset of all current records written by importTable. records/s without snapshot divides by fetch + store s.',
      `Requests (from the stand-in's request log): a: ${rest.requests.summary}. b: ${bulk.requests.summary}. d: ${incremental.requests.summary}. stand-in answer s sums the stand-in's own time per request, from the request to its answer written; the rest of fetch + store is the sync's own work (jsforce parsing, mapping, the upserts and checkpoint writes) and the loopback transfer.`,
      `CPU: sync CPU s is this process (runSync and jsforce, all threads); stand-in CPU s the stand-in's process; PostgreSQL's is in neither. Peak RSS and heap are of this process (the benchmark runner running the sync), sampled every 100 ms during the case; RSS seldom shrinks, so a later case's peak RSS may be an earlier case's high-water mark, and peak heap is the better per-case figure.`,
      `Snapshots: b's dataset is ${sameSnapshot(bulk.dataset, rest.dataset)} a's (content hash over every cell), and the baseline c's is ${sameSnapshot(baseline.dataset, rest.dataset)} a's, so c repeats exactly the work of a's last step. a's snapshot: ${rest.dataset.rowCount.toLocaleString('en')} rows, ${rest.dataset.columns.length} columns, ${toMiB(rest.dataset.sizeBytes).toFixed(1)} MiB of chunks.`,
      differences.length === 0
        ? 'Stored fields: a and b stored the same value in every field of every record.'
        : `Stored fields that a (REST) and b (Bulk) wrote differently for the same records: ${differences.map((row) => `${row.field} in ${Number(row.records).toLocaleString('en')} records (smallest value REST ${String(row.rest_value)}, Bulk ${String(row.bulk_value)})`).join('; ')}. The content hashes differ for this reason.`,
      `Incremental: ${updated.toLocaleString('en')} leads (every ${UPDATE_EVERY}th) changed in the stand-in (Rating, Title; SystemModstamp stamped now); d fetched exactly ${incremental.run.recordsDone.toLocaleString('en')} records in ${incremental.requests.dataPages} page(s) and the change is in every one of them in crm_records. Its snapshot still covers all ${incremental.dataset.rowCount.toLocaleString('en')} current leads, which is most of its wall time; records/s for d counts only the changed records fetched.`,
      'This machine is shared and noisy: compare cases within one run, not figures across runs.',
    ];
    return {
      title: `CRM sync: ${records.toLocaleString('en')} leads from the Salesforce stand-in`,
      columns: [
        'case',
        'path',
        'records',
        'wall s',
        'records/s',
        'fetch + store s',
        'records/s without snapshot',
        'snapshot s',
        'requests',
        'data pages',
        'stand-in answer s',
        'sync CPU s',
        'stand-in CPU s',
        'peak RSS MiB',
        'peak heap MiB',
      ],
      rows: table,
      notes,
    };
  } finally {
    await standIn.stop();
    await database.close();
  }
}
