import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crmConnectionSchema, crmStatusSchema, syncRunSchema, type SyncRun } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { allJobs } from '../jobs/all-jobs.ts';
import { createLogger } from '../logger.ts';
import { createCredentialVault } from './credential-vault.ts';
import { generateLeads, LEAD_FIELDS, recentStart } from './salesforce-stand-in/stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './salesforce-stand-in/index.ts';
import { TEST_CONNECTED_APP_CERTIFICATE, TEST_CONNECTED_APP_PRIVATE_KEY } from './salesforce-stand-in/test-connected-app-keys.ts';
import { DEFAULT_SYNC_SETTINGS } from './sync/sync-runner.ts';

const CLIENT_ID = '3MVG9-routes-test';
const REFRESH_TOKEN = '5Aep861-routes-test';

describe('CRM routes', function () {
  this.timeout(60_000);
  const database = useTestDatabase();
  const encryptionKey = randomBytes(32);
  let standIn: SalesforceStandIn;
  let api: TestApi;
  let workspace: SeededWorkspace;
  let other: SeededWorkspace;

  before(async () => {
    standIn = await startSalesforceStandIn({
      clientId: CLIENT_ID,
      username: 'integration@acme.example',
      refreshTokens: [REFRESH_TOKEN],
      jwtPublicKey: TEST_CONNECTED_APP_CERTIFICATE,
      objects: { Lead: { fields: LEAD_FIELDS, records: generateLeads(1200, recentStart()) } },
    });
    api = await startTestApi(database, { SALESFORCE_ALLOW_LOOPBACK: 'true', SCOREBRIDGE_ENCRYPTION_KEY: encryptionKey.toString('base64') });
    const jobs = allJobs({
      db: database.db,
      sql: database.sql,
      vault: createCredentialVault(encryptionKey),
      logger: createLogger({ level: 'silent', format: 'json' }),
      settings: { ...DEFAULT_SYNC_SETTINGS, pageSize: 500 },
      codeVersion: null,
      jobQueue: api.jobQueue,
    });
    await api.jobQueue.work(jobs, { concurrency: 1 });
    workspace = await seedWorkspace(database.db, 'crm');
    other = await seedWorkspace(database.db, 'crm-other');
  });
  after(async () => {
    await api.close();
    await standIn.close();
  });

  const refreshTokenBody = () => ({ authFlow: 'refresh_token', loginUrl: standIn.loginUrl, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN });

  it('should refuse a connection from anyone but an admin', async () => {
    for (const role of ['analyst', 'rep', 'service'] as const) {
      await expectError(await api.request('/v1/crm/connection', { method: 'PUT', key: workspace.users[role].key, json: refreshTokenBody() }), 403, 'forbidden');
    }
  });

  it('should check the credentials before storing them, and store nothing when Salesforce refuses', async () => {
    const error = await expectError(
      await api.request('/v1/crm/connection', { method: 'PUT', key: workspace.users.admin.key, json: { ...refreshTokenBody(), refreshToken: 'not-a-token' } }),
      502,
      'upstream_failed',
    );
    assert.match(error.message, /Salesforce refused the credentials/);
    const status = crmStatusSchema.parse(await expectJson(await api.request('/v1/crm/status', { key: workspace.users.admin.key }), 200));
    assert.equal(status.connection, null);
  });

  it('should connect with the JWT bearer flow, then with a refresh token, keeping secrets out of every answer and the database', async () => {
    const jwt = crmConnectionSchema.parse(
      await expectJson(
        await api.request('/v1/crm/connection', {
          method: 'PUT',
          key: workspace.users.admin.key,
          json: { authFlow: 'jwt_bearer', loginUrl: standIn.loginUrl, clientId: CLIENT_ID, username: 'integration@acme.example', privateKey: TEST_CONNECTED_APP_PRIVATE_KEY },
        }),
        200,
      ),
    );
    assert.equal(jwt.authFlow, 'jwt_bearer');
    assert.equal(jwt.instanceUrl, standIn.instanceUrl);

    const response = await api.request('/v1/crm/connection', { method: 'PUT', key: workspace.users.admin.key, json: refreshTokenBody() });
    const text = await response.clone().text();
    const connection = crmConnectionSchema.parse(await expectJson(response, 200));
    assert.equal(connection.id, jwt.id, 'reconnecting replaces the one connection');
    assert.ok(!text.includes(REFRESH_TOKEN));
    const [row] = await database.sql<{ sealed_secrets: string }[]>`select sealed_secrets from crm_connections where id = ${connection.id}`;
    assert.ok(!row!.sealed_secrets.includes(REFRESH_TOKEN) && !row!.sealed_secrets.includes('PRIVATE KEY'));
    const audit = await database.sql<{ action: string }[]>`select action from audit_events where target_id = ${connection.id} order by id`;
    assert.deepEqual(
      audit.map((event) => event.action),
      ['crm_connection.created', 'crm_connection.updated'],
    );
  });

  it('should refuse login URLs outside the allowed hosts', async () => {
    const error = await expectError(
      await api.request('/v1/crm/connection', { method: 'PUT', key: other.users.admin.key, json: { ...refreshTokenBody(), loginUrl: 'https://10.1.2.3' } }),
      400,
      'bad_request',
    );
    assert.match(error.message, /not an allowed Salesforce host/);
    assert.equal(error.details?.[0]?.field, 'body.loginUrl');
  });

  it('should sync through the worker and show the finished run, its snapshot and the status', async () => {
    const queued = syncRunSchema.parse(await expectJson(await api.request('/v1/crm/syncs', { method: 'POST', key: workspace.users.analyst.key, json: { object: 'Lead', full: true } }), 202));
    assert.equal(queued.status, 'queued');

    let run: SyncRun = queued;
    for (let tries = 0; run.status === 'queued' || run.status === 'running'; tries++) {
      assert.ok(tries < 300, `the sync did not finish: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = syncRunSchema.parse(await expectJson(await api.request(`/v1/crm/syncs/${queued.id}`, { key: workspace.users.rep.key }), 200));
    }
    assert.equal(run.status, 'succeeded', run.error?.message);
    assert.equal(run.recordsDone, 1200);
    assert.ok(run.datasetId);

    const status = crmStatusSchema.parse(await expectJson(await api.request('/v1/crm/status', { key: workspace.users.rep.key }), 200));
    const lead = status.objects.find((entry) => entry.object === 'Lead')!;
    assert.equal(lead.records, 1200);
    assert.equal(lead.highWaterMark, run.windowEnd);
    assert.equal(lead.lastRun?.id, run.id);
  });

  it('should say what to do when no org is connected, and hide other workspaces’ runs', async () => {
    const error = await expectError(await api.request('/v1/crm/syncs', { method: 'POST', key: other.users.analyst.key, json: { object: 'Lead' } }), 409, 'conflict');
    assert.match(error.message, /connect one first/);
    const [run] = await database.sql<{ id: string }[]>`select id from sync_runs where workspace_id = ${workspace.id} limit 1`;
    await expectError(await api.request(`/v1/crm/syncs/${run!.id}`, { key: other.users.admin.key }), 404, 'not_found');
  });

  it('should name unknown fields in a sync request', async () => {
    const queued = syncRunSchema.parse(
      await expectJson(await api.request('/v1/crm/syncs', { method: 'POST', key: workspace.users.analyst.key, json: { object: 'Lead', fields: ['Company', 'Favourite_Colour__c'] } }), 202),
    );
    let run: SyncRun = queued;
    for (let tries = 0; run.status === 'queued' || run.status === 'running'; tries++) {
      assert.ok(tries < 300);
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = syncRunSchema.parse(await expectJson(await api.request(`/v1/crm/syncs/${queued.id}`, { key: workspace.users.analyst.key }), 200));
    }
    assert.equal(run.status, 'failed');
    assert.match(run.error?.message ?? '', /Lead has no field Favourite_Colour__c/);
  });
});
