import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { writebackJobSchema, writebackStatusSchema, type WritebackStatus } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../../test/support/fixtures.ts';
import { expectError, expectJson } from '../../../test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../../test/support/test-api.ts';
import { useTestDatabase } from '../../../test/support/test-database.ts';
import { startTestWorker } from '../../../test/support/test-worker.ts';
import { createCredentialVault } from '../credential-vault.ts';
import type { SalesforceStandIn } from '../salesforce-stand-in/index.ts';
import { crmWritebackQueue } from './writeback.jobs.ts';
import { connectionBody, insertScores, registerScoringModel, startScoredOrg } from './writeback-test-fixtures.ts';

describe('CRM write-back routes', function () {
  this.timeout(60_000);
  const database = useTestDatabase();
  const encryptionKey = randomBytes(32);
  let standIn: SalesforceStandIn;
  let api: TestApi;
  let workspace: SeededWorkspace;
  let other: SeededWorkspace;
  let leadIds: string[];

  before(async () => {
    standIn = await startScoredOrg({ leads: 30, opportunities: 1 });
    leadIds = [...standIn.store.records('Lead')].map((record) => String(record.Id));
    api = await startTestApi(database, { SALESFORCE_ALLOW_LOOPBACK: 'true', SCOREBRIDGE_ENCRYPTION_KEY: encryptionKey.toString('base64') });
    await startTestWorker(api, database, createCredentialVault(encryptionKey));
    workspace = await seedWorkspace(database.db, 'writeback-routes');
    other = await seedWorkspace(database.db, 'writeback-routes-other');
  });
  after(async () => {
    await api.close();
    await standIn.close();
  });

  const status = async (key: string) => writebackStatusSchema.parse(await expectJson(await api.request('/v1/crm/writeback/status', { key }), 200));
  const objectStatus = (all: WritebackStatus, object: 'Lead' | 'Opportunity') => all.objects.find((entry) => entry.object === object)!;

  async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
    for (let tries = 0; !(await condition()); tries++) {
      assert.ok(tries < 300, `timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  it('should let only admins queue a write-back, and analysts and admins read its status', async () => {
    for (const role of ['analyst', 'rep', 'service'] as const) {
      await expectError(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users[role].key, json: { object: 'Lead' } }), 403, 'forbidden');
    }
    for (const role of ['rep', 'service'] as const) await expectError(await api.request('/v1/crm/writeback/status', { key: workspace.users[role].key }), 403, 'forbidden');
    const empty = await status(workspace.users.analyst.key);
    assert.deepEqual(
      empty.objects.map((entry) => [entry.object, entry.model, entry.pending]),
      [
        ['Lead', null, 0],
        ['Opportunity', null, 0],
      ],
    );
    const invalid = await expectError(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users.admin.key, json: { object: 'Contact' } }), 422, 'validation_failed');
    assert.equal(invalid.details?.[0]?.field, 'body.object');
  });

  it('should say what is missing before queueing: an org, then a model with a champion', async () => {
    const noOrg = await expectError(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users.admin.key, json: { object: 'Lead' } }), 409, 'conflict');
    assert.match(noOrg.message, /connect one first/);
    await expectJson(
      await api.request('/v1/crm/connection', { method: 'PUT', key: workspace.users.admin.key, json: connectionBody(standIn) }),
      200,
    );
    const noModel = await expectError(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users.admin.key, json: { object: 'Lead' } }), 409, 'conflict');
    assert.match(noModel.message, /No model with a champion scores Lead/);
  });

  it('should write through the worker and show counts and the failed records’ errors', async () => {
    const model = await registerScoringModel(database.db, workspace.id, { name: 'Lead conversion', object: 'Lead', version: 2 });
    await insertScores(database.db, { workspaceId: workspace.id, ...model, object: 'Lead' }, leadIds.slice(0, 20));
    standIn.faults.add({ kind: 'recordFailures', ids: [leadIds[4]!], path: '/composite/sobjects' });

    const job = writebackJobSchema.parse(await expectJson(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users.admin.key, json: { object: 'Lead' } }), 202));
    assert.deepEqual({ object: job.object, model: job.model.name }, { object: 'Lead', model: 'Lead conversion' });
    await waitFor(async () => objectStatus(await status(workspace.users.analyst.key), 'Lead').pending === 0, 'the write-back');

    const lead = objectStatus(await status(workspace.users.admin.key), 'Lead');
    assert.deepEqual({ model: lead.model?.name, written: lead.written, failed: lead.failed, retrying: lead.retrying }, { model: 'Lead conversion', written: 19, failed: 1, retrying: 1 });
    assert.deepEqual(
      lead.lastErrors.map((error) => [error.recordId, error.status, error.attempts]),
      [[leadIds[4], 'failed', 1]],
    );
    assert.match(lead.lastErrors[0]!.error, /^UNABLE_TO_LOCK_ROW: /);
    assert.equal(standIn.store.get('Lead', leadIds[0]!)!.Scorebridge_Model_Version__c, 'Lead conversion v2');
    const finished = await api.jobQueue.boss.getJobById(crmWritebackQueue.queue, job.jobId);
    assert.equal(finished?.state, 'completed');
    assert.deepEqual((finished?.output as { written?: number }).written, 19);

    // An admin's next request sends the failed record at once, without waiting out its back-off.
    standIn.faults.clear();
    const again = writebackJobSchema.parse(await expectJson(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users.admin.key, json: { object: 'Lead' } }), 202));
    await waitFor(async () => (await api.jobQueue.boss.getJobById(crmWritebackQueue.queue, again.jobId))?.state === 'completed', 'the second write-back');
    const retried = objectStatus(await status(workspace.users.admin.key), 'Lead');
    assert.deepEqual({ written: retried.written, failed: retried.failed, retrying: retried.retrying }, { written: 20, failed: 0, retrying: 0 });
  });

  it('should fail the job naming the missing fields, and show that on the pending records', async () => {
    const [opportunityId] = [...standIn.store.records('Opportunity')].map((record) => String(record.Id));
    const model = await registerScoringModel(database.db, workspace.id, { name: 'Opportunity win', object: 'Opportunity' });
    await insertScores(database.db, { workspaceId: workspace.id, ...model, object: 'Opportunity' }, [opportunityId!]);
    const job = writebackJobSchema.parse(await expectJson(await api.request('/v1/crm/writeback', { method: 'POST', key: workspace.users.admin.key, json: { object: 'Opportunity' } }), 202));
    await waitFor(async () => ['retry', 'failed'].includes((await api.jobQueue.boss.getJobById(crmWritebackQueue.queue, job.jobId))?.state ?? ''), 'the job to fail');
    const failed = await api.jobQueue.boss.getJobById(crmWritebackQueue.queue, job.jobId);
    assert.match(JSON.stringify(failed?.output), /Opportunity cannot take Scorebridge scores: missing fields Scorebridge_Score__c \(Number\(3, 0\)\), Scorebridge_Grade__c/);

    const opportunity = objectStatus(await status(workspace.users.admin.key), 'Opportunity');
    assert.deepEqual({ pending: opportunity.pending, written: opportunity.written }, { pending: 1, written: 0 });
    assert.equal(opportunity.lastErrors[0]?.status, 'pending');
    assert.match(opportunity.lastErrors[0]!.error, /an admin must create them on Opportunity/);
  });

  it('should keep each workspace to its own scores', async () => {
    const mine = await status(other.users.admin.key);
    assert.ok(mine.objects.every((entry) => entry.model === null && entry.written === 0 && entry.lastErrors.length === 0));
    const error = await expectError(await api.request('/v1/crm/writeback', { method: 'POST', key: other.users.admin.key, json: { object: 'Lead' } }), 409, 'conflict');
    assert.match(error.message, /connect one first/);
  });
});
