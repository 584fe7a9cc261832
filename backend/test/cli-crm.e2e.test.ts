import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { generateLeads, LEAD_FIELDS, recentStart } from '../src/crm/salesforce-stand-in/stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../src/crm/salesforce-stand-in/index.ts';
import { seedWorkspace } from './support/fixtures.ts';
import { cleanEnv, runCli } from './support/cli.ts';
import { useTestDatabase } from './support/test-database.ts';

describe('scorebridge crm', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  let standIn: SalesforceStandIn;
  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({ DATABASE_URL: database.url, SCOREBRIDGE_ENCRYPTION_KEY: randomKey, SALESFORCE_ALLOW_LOOPBACK: 'true', ...extra });
  const randomKey = randomBytes(32).toString('base64');

  before(async () => {
    standIn = await startSalesforceStandIn({ clientId: 'cli-app', refreshTokens: ['cli-refresh'], objects: { Lead: { fields: LEAD_FIELDS, records: generateLeads(900, recentStart()) } } });
    await seedWorkspace(database.db, 'crm-cli');
  });
  after(async () => {
    await standIn.close();
  });

  it('should refuse a login URL outside the allowed hosts, saying which hosts are allowed', async () => {
    const result = await runCli(['crm', 'connect', '--login-url', standIn.loginUrl, '--client-id', 'cli-app', '--refresh-token', 'cli-refresh'], env({ SALESFORCE_ALLOW_LOOPBACK: 'false' }));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Loopback login URLs are disabled\n +Set SALESFORCE_ALLOW_LOOPBACK=true/);
  });

  it('should ask for exactly one way to sign in', async () => {
    const result = await runCli(['crm', 'connect', '--login-url', standIn.loginUrl, '--client-id', 'cli-app'], env());
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Give either --refresh-token \[--client-secret\] or --jwt-key <file> --username <user>/);
  });

  it('should connect, sync leads with a summary, and show the status', async () => {
    const connected = await runCli(['crm', 'connect', '--login-url', standIn.loginUrl, '--client-id', 'cli-app', '--refresh-token', 'cli-refresh'], env());
    assert.equal(connected.code, 0, connected.stderr);
    assert.match(connected.stdout, new RegExp(`Connected workspace crm-cli to Salesforce at ${standIn.instanceUrl.replaceAll('.', '\\.')}`));

    const synced = await runCli(['crm', 'sync', '--object', 'lead'], env());
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /Lead: 900 records fetched \(0 deleted\) in a full sync; snapshot dataset [0-9a-f-]{36}\./);

    const status = await runCli(['crm', 'status'], env());
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Lead: 900 records \(0 deleted\), changes up to \S+, last sync succeeded/);
    assert.match(status.stdout, /Opportunity: 0 records \(0 deleted\), changes up to -, never synced/);
  });

  it('should name an object it does not sync', async () => {
    const result = await runCli(['crm', 'sync', '--object', 'Contact'], env());
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--object must be one of Lead, Opportunity \(got Contact\)/);
  });
});
