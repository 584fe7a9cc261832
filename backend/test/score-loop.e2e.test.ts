import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promotionRequestSchema, registeredModelSchema, storedRecordScoreSchema, syncRunSchema, trainingRunSchema, type SyncRun, type TrainingRun } from '@scorebridge/shared';
import { createCredentialVault } from '../src/crm/credential-vault.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../src/crm/salesforce-stand-in/index.ts';
import { syntheticOrgObjects } from '../src/crm/salesforce-stand-in/synthetic-org.ts';
import { seedWorkspace, type SeededWorkspace } from './support/fixtures.ts';
import { expectJson } from './support/http-assertions.ts';
import { LEAD_LEAKAGE_COLUMNS } from './support/synthetic-datasets.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { useTestDatabase } from './support/test-database.ts';
import { startTestWorker } from './support/test-worker.ts';

const CLIENT_ID = '3MVG9-score-loop';
const REFRESH_TOKEN = '5Aep861-score-loop';

/**
 * The whole loop a customer runs, through the API and the job queue against a Salesforce
 * stand-in: sync leads, train on the synced snapshot, request and approve a champion, and watch
 * the records get scored and the scores written back into their Salesforce fields; then a lead
 * changes, the next sync rescores it, its trend shows, and the new score is written back.
 */
describe('the score loop: sync, train, approve, rescore, write back', function () {
  this.timeout(240_000);
  const database = useTestDatabase();
  const encryptionKey = randomBytes(32);
  let standIn: SalesforceStandIn;
  let api: TestApi;
  let workspace: SeededWorkspace;

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  async function sync(): Promise<SyncRun> {
    const queued = syncRunSchema.parse(await expectJson(await api.request('/v1/crm/syncs', { method: 'POST', key: workspace.users.analyst.key, json: { object: 'Lead' } }), 202));
    return until('the sync', async () => {
      const run = syncRunSchema.parse(await expectJson(await api.request(`/v1/crm/syncs/${queued.id}`, { key: workspace.users.analyst.key }), 200));
      assert.notEqual(run.status, 'failed', run.error?.message);
      return run.status === 'succeeded' ? run : undefined;
    });
  }

  const scoreField = (id: string) => standIn.store.get('Lead', id)?.['Scorebridge_Score__c'] as number | null | undefined;

  before(async () => {
    standIn = await startSalesforceStandIn({ clientId: CLIENT_ID, refreshTokens: [REFRESH_TOKEN], objects: syntheticOrgObjects({ leads: 2_000, opportunities: 5, seed: 7 }) });
    api = await startTestApi(database, { SALESFORCE_ALLOW_LOOPBACK: 'true', SCOREBRIDGE_ENCRYPTION_KEY: encryptionKey.toString('base64') });
    await startTestWorker(api, database, createCredentialVault(encryptionKey));
    workspace = await seedWorkspace(database.db, 'loop');
    await expectJson(
      await api.request('/v1/crm/connection', { method: 'PUT', key: workspace.users.admin.key, json: { authFlow: 'refresh_token', loginUrl: standIn.loginUrl, clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN } }),
      200,
    );
  });
  after(async () => {
    await api.close();
    await standIn.close();
  });

  it('should score every synced lead with the approved champion and write the scores into Salesforce, then follow a change', async () => {
    const first = await sync();
    assert.ok(first.datasetId);

    // Train on the synced snapshot: the model learns that it scores Lead.
    const queued = trainingRunSchema.parse(
      await expectJson(
        await api.request('/v1/training-runs', { method: 'POST', key: workspace.users.analyst.key, json: { datasetId: first.datasetId, experiment: 'Lead conversion', target: 'IsConverted', exclude: [...LEAD_LEAKAGE_COLUMNS], register: 'Lead conversion' } }),
        202,
      ),
    );
    const run: TrainingRun = await until('training', async () => {
      const current = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}`, { key: workspace.users.analyst.key }), 200));
      assert.notEqual(current.status, 'failed', current.error?.message);
      return current.status === 'succeeded' ? current : undefined;
    });
    const model = registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Lead%20conversion', { key: workspace.users.rep.key }), 200));
    assert.equal(model.crmObject, 'Lead');
    const someLead = String([...standIn.store.records('Lead')][0]!.Id);
    assert.equal(scoreField(someLead) ?? null, null, 'nothing is written before a champion is approved');

    // Four eyes: the analyst asks, the admin approves; the champion then rescores and writes back.
    const request = promotionRequestSchema.parse(
      await expectJson(await api.request('/v1/models/Lead%20conversion/promotions', { method: 'POST', key: workspace.users.analyst.key, json: { version: run.modelVersion!.version, reason: 'first model' } }), 201),
    );
    await expectJson(
      await api.request(`/v1/promotions/${request.id}/approve`, { method: 'POST', key: workspace.users.admin.key, json: request.policy.passed ? {} : { overrideReason: 'first model' } }),
      200,
    );
    const leadIds = [...standIn.store.records('Lead')].map((record) => String(record.Id));
    await until('every lead written back', async () => (leadIds.every((id) => typeof scoreField(id) === 'number') ? true : undefined));
    const written = standIn.store.get('Lead', someLead)!;
    assert.ok(Number(written['Scorebridge_Score__c']) >= 1 && Number(written['Scorebridge_Score__c']) <= 99);
    assert.match(String(written['Scorebridge_Grade__c']), /^[ABCD]$/);
    assert.equal(written['Scorebridge_Model_Version__c'], 'Lead conversion v1');
    assert.match(String(written['Scorebridge_Reasons__c']), /: [+-]\d+/);
    const stored = storedRecordScoreSchema.parse(await expectJson(await api.request(`/v1/records/Lead/${someLead}/score`, { key: workspace.users.rep.key }), 200));
    assert.equal(stored.score, written['Scorebridge_Score__c']);
    assert.equal(stored.previousScore, null);

    // The lead becomes a hot prospect in Salesforce; the next sync rescores it and writes the change.
    const before = stored.score;
    standIn.store.update('Lead', someLead, { Rating: 'Hot', LeadSource: 'Partner Referral', Email_Opens__c: 40, Web_Visits__c: 60 });
    await sync();
    const changed = await until('the lead rescored', async () => {
      const current = storedRecordScoreSchema.parse(await expectJson(await api.request(`/v1/records/Lead/${someLead}/score`, { key: workspace.users.rep.key }), 200));
      return current.previousScore !== null ? current : undefined;
    });
    assert.equal(changed.previousScore, before);
    assert.notEqual(changed.score, before, 'a hot partner lead with many visits scores differently');
    assert.equal(changed.trend, changed.score - before >= 5 ? 'improving' : changed.score - before <= -5 ? 'declining' : 'steady');
    await until('the new score written back', async () => (scoreField(someLead) === changed.score ? true : undefined));
  });
});
