import assert from 'node:assert/strict';
import { datasetProfileSchema } from '@scorebridge/shared';
import { randomBytes } from 'node:crypto';
import { seedWorkspace, type SeededWorkspace } from '../../../test/support/fixtures.ts';
import { useTestDatabase } from '../../../test/support/test-database.ts';
import { readSnapshot } from '../../datasets/dataset-reader.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import type { Actor } from '../../auth/principal.ts';
import { createLogger } from '../../logger.ts';
import { createCrmService, type CrmService } from '../crm.service.ts';
import { createCredentialVault } from '../credential-vault.ts';
import { ACCOUNT_FIELDS, generateLeads, LEAD_FIELDS, OPPORTUNITY_FIELDS, recentStart } from '../salesforce-stand-in/stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../salesforce-stand-in/index.ts';
import { findSyncRun } from '../sync-runs.repo.ts';
import { DEFAULT_SYNC_SETTINGS, runSync, type SyncDeps, type SyncSettings } from './sync-runner.ts';

const LEADS = 5_000;
const CLIENT_ID = '3MVG9-sync-test';
const REFRESH_TOKEN = '5Aep861-sync-test';

/** Fast retries so fault tests take milliseconds, small pages so there are many of them. */
const TEST_SETTINGS: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, pageSize: 500, bulkPollMs: 10, retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } };

describe('Salesforce sync against the stand-in, with unmodified jsforce', function () {
  this.timeout(60_000);
  const database = useTestDatabase();
  let standIn: SalesforceStandIn;
  let workspace: SeededWorkspace;
  let actor: Actor;
  let crm: CrmService;
  let deps: SyncDeps;
  const start = recentStart();

  before(async () => {
    standIn = await startSalesforceStandIn({
      clientId: CLIENT_ID,
      refreshTokens: [REFRESH_TOKEN],
      bulk: { resultsPageSize: 700 },
      objects: {
        Lead: { fields: LEAD_FIELDS, records: generateLeads(LEADS, start) },
        Account: { fields: ACCOUNT_FIELDS, records: [{ Id: '001000000000001AAA', Name: 'Acme', Industry: 'Banking', AnnualRevenue: 5_000_000, SystemModstamp: new Date(start).toISOString() }] },
        Opportunity: {
          fields: OPPORTUNITY_FIELDS,
          records: Array.from({ length: 30 }, (_, index) => ({
            Name: `Deal ${index}`,
            AccountId: '001000000000001AAA',
            StageName: index % 3 === 0 ? 'Closed Won' : 'Negotiation',
            Amount: 1000 * index,
            CloseDate: '2026-12-01',
            IsWon: index % 3 === 0,
            SystemModstamp: new Date(start + index * 1000).toISOString(),
          })),
        },
      },
    });
    workspace = await seedWorkspace(database.db, 'sync');
    actor = { workspaceId: workspace.id, userId: workspace.users.admin.id, apiKeyId: null, label: 'test', requestId: null };
    const vault = createCredentialVault(randomBytes(32));
    deps = { db: database.db, sql: database.sql, vault, logger: createLogger({ level: 'silent', format: 'json' }), settings: TEST_SETTINGS };
    crm = createCrmService({
      db: database.db,
      vault,
      jobQueue: { send: async () => 'not-used' },
      loginUrlPolicy: { hosts: [], allowLoopback: true },
      apiVersion: '62.0',
    });
    await crm.connect(actor, { authFlow: 'refresh_token', loginUrl: standIn.loginUrl, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN });
  });
  after(async () => {
    await standIn.close();
  });
  afterEach(() => standIn.faults.clear());

  async function sync(object: 'Lead' | 'Opportunity', full: boolean, settings: SyncSettings = TEST_SETTINGS) {
    const run = await crm.createSyncRun(actor, { object, full });
    return runSync({ ...deps, settings }, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal);
  }

  async function storedLeads(): Promise<Map<string, { modstamp: Date; deleted: boolean; fields: Record<string, unknown> }>> {
    const rows = await database.sql<{ record_id: string; system_modstamp: Date; is_deleted: boolean; fields: Record<string, unknown> }[]>`
      select record_id, system_modstamp, is_deleted, fields from crm_records where workspace_id = ${workspace.id} and object = 'Lead'`;
    return new Map(rows.map((row) => [row.record_id, { modstamp: row.system_modstamp, deleted: row.is_deleted, fields: row.fields }]));
  }

  /** The stand-in's own records, as the truth every sync must end up matching. */
  function sourceLeads(): Map<string, { modstamp: string; deleted: boolean }> {
    return new Map([...standIn.store.records('Lead', { includeDeleted: true })].map((record) => [String(record.Id), { modstamp: String(record.SystemModstamp), deleted: record.IsDeleted === true }]));
  }

  function assertMatchesSource(stored: Awaited<ReturnType<typeof storedLeads>>): void {
    const source = sourceLeads();
    assert.equal(stored.size, source.size);
    for (const [id, record] of source) {
      const mine = stored.get(id);
      assert.ok(mine, `record ${id} is missing`);
      assert.equal(new Date(mine.modstamp).toISOString(), new Date(record.modstamp).toISOString(), `record ${id} is stale`);
      assert.equal(mine.deleted, record.deleted);
    }
  }

  it('should pull every lead in a full sync and snapshot them as a dataset', async () => {
    const run = await sync('Lead', true);
    assert.equal(run.status, 'succeeded');
    assert.equal(run.recordsTotal, LEADS);
    assert.equal(run.recordsDone, LEADS);
    assertMatchesSource(await storedLeads());

    const dataset = (await findDataset(database.db, workspace.id, run.datasetId!))!;
    assert.equal(dataset.source, 'crm_sync');
    assert.equal(dataset.rowCount, LEADS);
    assert.ok(dataset.columns.includes('AnnualRevenue') && dataset.columns.includes('IsConverted'));
    const rows = [];
    for await (const batch of readSnapshot(database.db, dataset).batches) rows.push(...batch);
    const profile = datasetProfileSchema.parse(dataset.profile);
    const typeOf = (name: string) => profile.columns.find((column) => column.name === name)?.type;
    assert.deepEqual(
      ['Id', 'LeadSource', 'Status', 'AnnualRevenue', 'NumberOfEmployees', 'IsConverted', 'SystemModstamp'].map(typeOf),
      ['identifier', 'categorical', 'categorical', 'numeric', 'numeric', 'boolean', 'date'],
      'column types come from the fields’ declared Salesforce types',
    );
    const revenue = dataset.columns.indexOf('AnnualRevenue');
    assert.ok(rows.every((row) => row[revenue] === null || /^\d+$/.test(row[revenue]!)), 'numbers arrive as numbers, not text');
  });

  it('should fetch only changed and deleted records in an incremental sync', async () => {
    const ids = [...sourceLeads().keys()].slice(0, 12);
    for (const id of ids.slice(0, 10)) standIn.store.update('Lead', id, { LeadSource: 'Trade Show' });
    standIn.store.delete('Lead', ids[11]!);
    standIn.requestLog.clear();

    const run = await sync('Lead', false);
    assert.equal(run.mode, 'incremental');
    assert.equal(run.recordsDone, 11);
    assert.equal(run.recordsDeleted, 1);
    const stored = await storedLeads();
    assertMatchesSource(stored);
    assert.equal(stored.get(ids[0]!)!.fields.LeadSource, 'Trade Show');

    const dataset = (await findDataset(database.db, workspace.id, run.datasetId!))!;
    assert.equal(dataset.rowCount, LEADS - 1, 'the snapshot leaves out the deleted lead');
  });

  it('should keep each change of an outcome field', async () => {
    const id = [...standIn.store.records('Lead')].find((record) => record.IsConverted === false)!.Id as string;
    standIn.store.update('Lead', id, { IsConverted: true, Status: 'Closed - Converted' });
    await sync('Lead', false);
    const changes = await database.sql<{ field: string; value: string; previous_value: string | null }[]>`
      select field, value, previous_value from outcomes where workspace_id = ${workspace.id} and record_id = ${id} order by id desc limit 2`;
    assert.deepEqual(
      changes.map((change) => ({ ...change })).sort((a, b) => a.field.localeCompare(b.field)),
      [
        { field: 'IsConverted', value: 'true', previous_value: 'false' },
        { field: 'Status', value: 'Closed - Converted', previous_value: 'Open - Not Contacted' },
      ],
    );
  });

  it('should resume a sync killed midway from its checkpoint, with exactly the right records and no snapshot from the failed attempt', async () => {
    const datasetsBefore = await database.sql<{ id: string }[]>`select id from datasets where workspace_id = ${workspace.id}`;
    await database.sql`delete from crm_records where workspace_id = ${workspace.id} and object = 'Lead'`;
    // A 400 is not retried: the attempt dies after three pages, as a killed worker would.
    standIn.faults.add({ kind: 'queryFailsAfterPages', pages: 3, status: 400, path: '/query' });
    const run = await crm.createSyncRun(actor, { object: 'Lead', full: true });
    await assert.rejects(runSync(deps, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal));
    const halfway = (await findSyncRun(database.db, workspace.id, run.id))!;
    assert.ok(halfway.recordsDone >= 1000 && halfway.recordsDone < LEADS, `stopped midway (${halfway.recordsDone})`);
    assert.equal(halfway.datasetId, null);
    const datasetsAfterFailure = await database.sql<{ id: string }[]>`select id from datasets where workspace_id = ${workspace.id}`;
    assert.equal(datasetsAfterFailure.length, datasetsBefore.length, 'a failed sync stores no snapshot');

    standIn.faults.clear();
    standIn.requestLog.clear();
    const resumed = await runSync(deps, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal);
    assert.equal(resumed.status, 'succeeded');
    assertMatchesSource(await storedLeads());
    const firstQuery = standIn.requestLog.entries().find((entry) => entry.path.includes('/queryAll') && !entry.query.includes('COUNT'));
    assert.match(new URLSearchParams(firstQuery?.query ?? '').get('q') ?? '', /SystemModstamp >= /, 'the resumed attempt starts from the checkpoint');
  });

  it('should survive rate limiting, server errors, an expired session and a slow answer', async () => {
    const id = [...sourceLeads().entries()].find(([, record]) => !record.deleted)![0];
    standIn.store.update('Lead', id, { Company: 'Faulty Inc' });
    standIn.faults.add({ kind: 'status', status: 429, path: '/queryAll', times: 1 });
    standIn.faults.add({ kind: 'status', status: 503, path: '/describe', times: 2 });
    standIn.faults.add({ kind: 'sessionExpired', path: '/queryAll', times: 1 });
    standIn.faults.add({ kind: 'delay', delayMs: 300, path: '/queryAll', times: 1 });
    standIn.faults.add({ kind: 'status', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.', path: '/queryAll', times: 1 });
    const run = await sync('Lead', false);
    assert.equal(run.status, 'succeeded');
    assert.equal((await storedLeads()).get(id)!.fields.Company, 'Faulty Inc');
  });

  it('should fail with Salesforce’s reason when the daily API limit is spent', async () => {
    const used = standIn.apiUsage.used;
    standIn.apiUsage.used = standIn.apiUsage.limit;
    try {
      await assert.rejects(sync('Lead', false), /REQUEST_LIMIT_EXCEEDED|Limit/i);
    } finally {
      standIn.apiUsage.used = used;
    }
  });

  it('should stop near the org’s daily API limit, keeping what it stored, and resume later', async () => {
    const used = standIn.apiUsage.used;
    standIn.apiUsage.used = Math.ceil(standIn.apiUsage.limit * 0.95);
    const id = [...standIn.store.records('Lead')][5]!.Id as string;
    standIn.store.update('Lead', id, { Company: 'Near the limit Ltd' });
    const run = await crm.createSyncRun(actor, { object: 'Lead', full: false });
    try {
      await assert.rejects(runSync(deps, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal), /Stopped to leave Salesforce API requests/);
    } finally {
      standIn.apiUsage.used = used;
    }
    const resumed = await runSync(deps, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal);
    assert.equal(resumed.status, 'succeeded');
    assert.equal((await storedLeads()).get(id)!.fields.Company, 'Near the limit Ltd');
  });

  it('should pull through a Bulk API 2.0 job above the threshold, resume from its results locator, and store the same records', async () => {
    const viaRest = await storedLeads();
    await database.sql`delete from crm_records where workspace_id = ${workspace.id} and object = 'Lead'`;
    const bulkSettings: SyncSettings = { ...TEST_SETTINGS, bulkThreshold: 1000, pageSize: 700 };
    standIn.faults.add({ kind: 'queryFailsAfterPages', pages: 2, status: 400, path: '/jobs/query/.+/results' });
    const run = await crm.createSyncRun(actor, { object: 'Lead', full: true });
    await assert.rejects(runSync({ ...deps, settings: bulkSettings }, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal));
    const halfway = (await findSyncRun(database.db, workspace.id, run.id))!;
    assert.ok((halfway.checkpoint as { bulk?: { locator: string | null } }).bulk?.locator, 'the checkpoint holds a results locator');

    standIn.faults.clear();
    const resumed = await runSync({ ...deps, settings: bulkSettings }, { workspaceId: workspace.id, syncRunId: run.id }, new AbortController().signal);
    assert.equal(resumed.status, 'succeeded');
    const stored = await storedLeads();
    assertMatchesSource(stored);
    const sample = [...stored.values()].find((record) => !record.deleted)!;
    assert.equal(typeof sample.fields.AnnualRevenue, 'number', 'Bulk CSV values are typed again');
    assert.equal(typeof sample.fields.IsConverted, 'boolean');
    for (const [id, record] of stored) assert.deepEqual(record.fields, viaRest.get(id)!.fields, `record ${id} reads the same through REST and Bulk`);
    const jobs = standIn.requestLog.entries().filter((entry) => entry.method === 'POST' && entry.path.endsWith('/jobs/query'));
    assert.equal(jobs.length, 1, 'the resumed attempt reads the same job instead of starting another');
  });

  it('should bring Account fields along with opportunities', async () => {
    const run = await sync('Opportunity', true);
    assert.equal(run.recordsDone, 30);
    const [row] = await database.sql<{ fields: Record<string, unknown> }[]>`
      select fields from crm_records where workspace_id = ${workspace.id} and object = 'Opportunity' limit 1`;
    assert.equal(row!.fields['Account.Industry'], 'Banking');
    assert.equal(row!.fields['Account.AnnualRevenue'], 5_000_000);
  });
});
