import assert from 'node:assert/strict';
import { modelVersionSchema, promotionRequestSchema, registeredModelSchema, trainingRunSchema, type PromotionRequest, type TrainingRun } from '@scorebridge/shared';
import { z } from 'zod';
import { seedUser, seedWorkspace, type SeededUser, type SeededWorkspace } from '../../../test/support/fixtures.ts';
import { expectError, expectJson } from '../../../test/support/http-assertions.ts';
import { importSyntheticDataset, LEAD_LEAKAGE_COLUMNS } from '../../../test/support/synthetic-datasets.ts';
import { startTestApi, type TestApi } from '../../../test/support/test-api.ts';
import { useTestDatabase } from '../../../test/support/test-database.ts';
import { startTestWorker } from '../../../test/support/test-worker.ts';
import { zipMapClassifier } from '../uploaded-models/test-support/test-models.ts';

/** Columns of the generated leads that carry most of the signal: a model without them is clearly worse. */
const STRONG_COLUMNS = ['LeadSource', 'Rating', 'Email_Opens__c', 'Web_Visits__c', 'Industry', 'Title', 'LastActivityDate', 'AnnualRevenue', 'NumberOfEmployees'];

describe('promotions: four eyes, evidence, policy, races, rollback and audit, through the API', function () {
  this.timeout(180_000);
  const database = useTestDatabase();
  let api: TestApi;
  let workspace: SeededWorkspace;
  let other: SeededWorkspace;
  let secondAdmin: SeededUser;
  let thirdAdmin: SeededUser;
  let datasetId: string;

  async function post(path: string, key: string, json?: unknown): Promise<Response> {
    return api.request(path, { method: 'POST', key, ...(json === undefined ? {} : { json }) });
  }

  async function train(seed: number, exclude: string[] = []): Promise<TrainingRun> {
    const queued = trainingRunSchema.parse(
      await expectJson(await post('/v1/training-runs', workspace.users.analyst.key, { datasetId, experiment: 'Lead conversion', target: 'IsConverted', exclude: [...LEAD_LEAKAGE_COLUMNS, ...exclude], seed, register: 'Lead conversion' }), 202),
    );
    for (let tries = 0; ; tries++) {
      const run = trainingRunSchema.parse(await expectJson(await api.request(`/v1/training-runs/${queued.id}`, { key: workspace.users.analyst.key }), 200));
      if (run.status === 'succeeded') return run;
      assert.ok(run.status !== 'failed' && tries < 1200, JSON.stringify(run.error));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function request(version: number, key = workspace.users.analyst.key, alias?: string): Promise<PromotionRequest> {
    return promotionRequestSchema.parse(await expectJson(await post('/v1/models/Lead%20conversion/promotions', key, { version, reason: `version ${version} is better`, ...(alias ? { alias } : {}) }), 201));
  }

  async function champion(): Promise<number | undefined> {
    return registeredModelSchema.parse(await expectJson(await api.request('/v1/models/Lead%20conversion', { key: workspace.users.rep.key }), 200)).aliases['champion'];
  }

  async function auditActions(): Promise<{ action: string; before: unknown; after: unknown }[]> {
    return database.sql<{ action: string; before: unknown; after: unknown }[]>`
      select action, before, after from audit_events where workspace_id = ${workspace.id} and (action like 'promotion.%' or action = 'model.alias_moved') order by id`;
  }

  before(async () => {
    api = await startTestApi(database);
    await startTestWorker(api, database);
    workspace = await seedWorkspace(database.db, 'promote');
    other = await seedWorkspace(database.db, 'promote-other');
    secondAdmin = await seedUser(database.db, workspace, 'admin', 'second-admin');
    thirdAdmin = await seedUser(database.db, workspace, 'admin', 'third-admin');
    datasetId = (await importSyntheticDataset(database.db, workspace.id, { rows: 3000, seed: 21 })).id;
    await train(1); // version 1
    await train(2); // version 2
    await train(3, STRONG_COLUMNS); // version 3: much weaker
  });
  after(async () => {
    await api.close();
  });

  it('should make the first champion on an analyst’s request and another person’s approval, with evidence and audit events', async () => {
    await expectError(await post('/v1/models/Lead%20conversion/promotions', workspace.users.rep.key, { version: 1, reason: 'reps cannot' }), 403, 'forbidden');
    const pending = await request(1);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.fromVersion, null);
    assert.ok(pending.evidence.holdout && pending.evidence.holdout.rows > 100, JSON.stringify(pending.evidence.holdout));
    assert.equal(pending.evidence.candidate?.version, 1);
    assert.ok(pending.evidence.candidate!.rocAuc > 0.7);
    assert.equal(pending.evidence.candidate!.lift.length, 10);
    assert.ok(pending.evidence.candidate!.calibration.length > 0);
    assert.equal(pending.evidence.current, null);
    assert.ok(pending.evidence.quality, 'the training data has a quality verdict');
    assert.deepEqual(
      pending.policy.checks.map((check) => check.name),
      ['holdout evaluation', 'ROC AUC against the current version', 'training data quality'],
    );

    await expectError(await post(`/v1/promotions/${pending.id}/approve`, workspace.users.analyst.key, {}), 403, 'forbidden');
    await expectError(await post(`/v1/promotions/${pending.id}/approve`, other.users.admin.key, {}), 404, 'not_found');
    const body = pending.policy.passed ? { comment: 'looks good' } : { comment: 'looks good', overrideReason: 'first model, nothing to compare' };
    const approved = promotionRequestSchema.parse(await expectJson(await post(`/v1/promotions/${pending.id}/approve`, workspace.users.admin.key, body), 200));
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decidedByUserId, workspace.users.admin.id);
    assert.equal(await champion(), 1);

    const actions = await auditActions();
    assert.deepEqual(actions.map((event) => event.action), ['promotion.requested', 'promotion.approved', 'model.alias_moved']);
    assert.deepEqual((actions[2]!.before as { versionId: unknown }).versionId, null);
    assert.equal((actions[2]!.after as { version: number }).version, 1);
  });

  it('should compare a candidate with the champion on the same rows, and never let requesters approve their own request', async () => {
    const pending = await request(2, workspace.users.admin.key);
    assert.equal(pending.fromVersion, 1);
    assert.equal(pending.evidence.current?.version, 1, 'the champion is evaluated on the candidate’s holdout');
    assert.equal(pending.evidence.candidate?.version, 2);
    const denied = await expectError(await post(`/v1/promotions/${pending.id}/approve`, workspace.users.admin.key, { overrideReason: 'trust me' }), 403, 'forbidden');
    assert.match(denied.message, /requester cannot approve their own/);
    assert.equal((await promotionRequestSchema.parseAsync(await expectJson(await api.request(`/v1/promotions/${pending.id}`, { key: workspace.users.rep.key }), 200))).status, 'pending');

    // Two admins approve at once: exactly one wins, the other changes nothing.
    const body = pending.policy.passed ? {} : { overrideReason: 'comparable within noise' };
    const responses = await Promise.all([post(`/v1/promotions/${pending.id}/approve`, secondAdmin.key, body), post(`/v1/promotions/${pending.id}/approve`, thirdAdmin.key, body)]);
    assert.deepEqual(responses.map((response) => response.status).sort(), [200, 409]);
    const loser = responses.find((response) => response.status === 409)!;
    assert.match(((await loser.json()) as { error: { message: string } }).error.message, /already approved; nothing changed/);
    assert.equal(await champion(), 2);
    const moves = (await auditActions()).filter((event) => event.action === 'model.alias_moved');
    assert.equal(moves.length, 2, 'one alias move per approval that won');
  });

  it('should fail the policy for a clearly worse candidate, and approve it only with an override reason', async () => {
    const pending = await request(3);
    assert.equal(pending.policy.passed, false);
    const aucCheck = pending.policy.checks.find((check) => check.name === 'ROC AUC against the current version')!;
    assert.equal(aucCheck.passed, false, aucCheck.detail);
    assert.ok(pending.evidence.candidate!.rocAuc < pending.evidence.current!.rocAuc - 0.005);
    const refused = await expectError(await post(`/v1/promotions/${pending.id}/approve`, workspace.users.admin.key, { comment: 'ok' }), 422, 'validation_failed');
    assert.equal(refused.details?.[0]?.field, 'body.overrideReason');
    assert.match(refused.details![0]!.message, /ROC AUC against the current version/);
    assert.equal(await champion(), 2, 'a refused approval moves nothing');
    const approved = promotionRequestSchema.parse(await expectJson(await post(`/v1/promotions/${pending.id}/approve`, workspace.users.admin.key, { overrideReason: 'needed for the pilot' }), 200));
    assert.equal(approved.overrideReason, 'needed for the pilot');
    assert.equal(await champion(), 3);
  });

  it('should roll the champion back to the version its last promotion replaced, or to a named one', async () => {
    await expectError(await post('/v1/models/Lead%20conversion/rollback', workspace.users.analyst.key, { reason: 'worse in the field' }), 403, 'forbidden');
    const back = registeredModelSchema.parse(await expectJson(await post('/v1/models/Lead%20conversion/rollback', workspace.users.admin.key, { reason: 'worse in the field' }), 200));
    assert.equal(back.aliases['champion'], 2);
    const again = await expectError(await post('/v1/models/Lead%20conversion/rollback', workspace.users.admin.key, { reason: 'again' }), 409, 'conflict');
    assert.match(again.message, /No earlier version to go back to/);
    const named = registeredModelSchema.parse(await expectJson(await post('/v1/models/Lead%20conversion/rollback', workspace.users.admin.key, { version: 1, reason: 'back to the first' }), 200));
    assert.equal(named.aliases['champion'], 1);
    const last = (await auditActions()).at(-1)!;
    assert.equal(last.action, 'model.alias_moved');
    assert.deepEqual((last.after as { rollback: boolean; reason: string }).rollback, true);
  });

  it('should reject with a comment, let only the requester withdraw, and settle each request once', async () => {
    const rejected = await request(2);
    await expectError(await post(`/v1/promotions/${rejected.id}/reject`, workspace.users.admin.key, {}), 422, 'validation_failed');
    const done = promotionRequestSchema.parse(await expectJson(await post(`/v1/promotions/${rejected.id}/reject`, workspace.users.admin.key, { comment: 'wait for more outcomes' }), 200));
    assert.deepEqual([done.status, done.decisionComment], ['rejected', 'wait for more outcomes']);
    await expectError(await post(`/v1/promotions/${rejected.id}/approve`, secondAdmin.key, { overrideReason: 'late' }), 409, 'conflict');

    const mine = await request(2, workspace.users.analyst.key, 'challenger');
    await expectError(await post(`/v1/promotions/${mine.id}/withdraw`, workspace.users.admin.key), 403, 'forbidden');
    const withdrawn = promotionRequestSchema.parse(await expectJson(await post(`/v1/promotions/${mine.id}/withdraw`, workspace.users.analyst.key), 200));
    assert.equal(withdrawn.status, 'withdrawn');

    const list = z.object({ items: z.array(promotionRequestSchema) }).parse(await expectJson(await api.request('/v1/promotions?status=pending', { key: workspace.users.rep.key }), 200));
    assert.deepEqual(list.items, []);
    const all = z.object({ items: z.array(promotionRequestSchema) }).parse(await expectJson(await api.request('/v1/promotions?model=Lead%20conversion', { key: workspace.users.rep.key }), 200));
    assert.equal(all.items.length, 5);
    const foreign = z.object({ items: z.array(promotionRequestSchema) }).parse(await expectJson(await api.request('/v1/promotions', { key: other.users.admin.key }), 200));
    assert.deepEqual(foreign.items, []);
    await expectError(await api.request(`/v1/promotions/${mine.id}`, { key: other.users.admin.key }), 404, 'not_found');
    await expectError(await post('/v1/models/Lead%20conversion/promotions', workspace.users.analyst.key, { version: 99, reason: 'no such version' }), 404, 'not_found');
  });

  it('should register an uploaded ONNX model as a candidate version, refusing a bad upload and storing nothing', async () => {
    const onnxBase64 = Buffer.from(zipMapClassifier()).toString('base64');
    const before = await database.sql`select 1 from model_versions`;
    const bad = await expectError(
      await post('/v1/models/Iris%20like/versions', workspace.users.analyst.key, { onnxBase64, mapping: { kind: 'tensor', fields: ['a', 'b', 'c'] } }),
      422,
      'validation_failed',
    );
    assert.match(bad.message, /3|width/);
    await expectError(await post('/v1/models/Iris%20like/versions', workspace.users.analyst.key, { onnxBase64: Buffer.from('not onnx').toString('base64'), mapping: { kind: 'tensor', fields: ['a', 'b'] } }), 422, 'validation_failed');
    assert.equal((await database.sql`select 1 from model_versions`).length, before.length, 'nothing stored for a refused upload');
    await expectError(await post('/v1/models/Iris%20like/versions', workspace.users.rep.key, { onnxBase64, mapping: { kind: 'tensor', fields: ['a', 'b'] } }), 403, 'forbidden');

    const version = modelVersionSchema.parse(
      await expectJson(await post('/v1/models/Iris%20like/versions', workspace.users.analyst.key, { onnxBase64, mapping: { kind: 'tensor', fields: ['a', 'b'] }, positive: '1' }), 201),
    );
    assert.deepEqual([version.modelName, version.version, version.source, version.kind, version.inputFields], ['Iris like', 1, 'uploaded', 'onnx', ['a', 'b']]);
    const artifacts = await database.sql<{ name: string }[]>`select name from model_version_artifacts where version_id = ${version.id} order by name`;
    assert.deepEqual(artifacts.map((row) => row.name), ['inspection.json', 'model.onnx', 'uploaded.onnx']);
  });
});
