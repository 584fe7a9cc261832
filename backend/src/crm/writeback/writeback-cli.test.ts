import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cleanEnv, runCli } from '../../../test/support/cli.ts';
import { seedWorkspace } from '../../../test/support/fixtures.ts';
import { useTestDatabase } from '../../../test/support/test-database.ts';
import { createCredentialVault } from '../credential-vault.ts';
import type { SalesforceStandIn } from '../salesforce-stand-in/index.ts';
import { connectWorkspace, insertScores, registerScoringModel, startScoredOrg } from './writeback-test-fixtures.ts';

describe('scorebridge crm writeback', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  const encryptionKey = randomBytes(32);
  let standIn: SalesforceStandIn;
  const env = () => cleanEnv({ DATABASE_URL: database.url, SCOREBRIDGE_ENCRYPTION_KEY: encryptionKey.toString('base64'), SALESFORCE_ALLOW_LOOPBACK: 'true', LOG_LEVEL: 'silent' });

  before(async () => {
    standIn = await startScoredOrg({ leads: 12, opportunities: 1 });
    const workspace = await seedWorkspace(database.db, 'writeback-cli');
    await connectWorkspace(database.db, createCredentialVault(encryptionKey), workspace.id, standIn);
    const leadIds = [...standIn.store.records('Lead')].map((record) => String(record.Id));
    const lead = await registerScoringModel(database.db, workspace.id, { name: 'Lead conversion', object: 'Lead', version: 4 });
    await insertScores(database.db, { workspaceId: workspace.id, ...lead, object: 'Lead' }, leadIds);
    standIn.faults.add({ kind: 'recordFailures', ids: [leadIds[2]!], path: '/composite/sobjects', times: 1 });
  });
  after(async () => {
    await standIn.close();
  });

  it('should write one object’s scores with a summary, then find nothing changed for the other', async () => {
    const lead = await runCli(['crm', 'writeback', '--object', 'lead'], env());
    assert.equal(lead.code, 0, lead.stderr);
    assert.equal(lead.stdout, 'Lead (Lead conversion): 11 written, 1 failed; 1 sObject Collections request.\n');

    const both = await runCli(['crm', 'writeback'], env());
    assert.equal(both.code, 0, both.stderr);
    assert.equal(both.stdout, 'Lead (Lead conversion): 1 written, 0 failed; 1 sObject Collections request.\nOpportunity: nothing to write (no model with a champion scores Opportunity).\n');
    assert.equal(standIn.store.get('Lead', [...standIn.store.records('Lead')][2]!.Id as string)!.Scorebridge_Model_Version__c, 'Lead conversion v4');
  });

  it('should stop with the fields an admin must create, in one line', async () => {
    const [opportunityId] = [...standIn.store.records('Opportunity')].map((record) => String(record.Id));
    const [workspace] = await database.sql<{ id: string }[]>`select id from workspaces where slug = 'writeback-cli'`;
    const model = await registerScoringModel(database.db, workspace!.id, { name: 'Opportunity win', object: 'Opportunity' });
    await insertScores(database.db, { workspaceId: workspace!.id, ...model, object: 'Opportunity' }, [opportunityId!]);
    const result = await runCli(['crm', 'writeback', '--object', 'Opportunity'], env());
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^scorebridge: Opportunity write-back failed: Opportunity cannot take Scorebridge scores: missing fields Scorebridge_Score__c \(Number\(3, 0\)\)/);
    assert.match(result.stderr, /The records not yet written stay pending; run the same command again once the cause is fixed\.\n$/);
  });
});
