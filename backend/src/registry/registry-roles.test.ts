import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { promotionRoutes, registryRoutes, ROLES, trainingRoutes, type RouteContract } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { insertNextModelVersion } from './model-versions.repo.ts';
import { insertRegisteredModelIfAbsent } from './registered-models.repo.ts';

/**
 * Every registry, promotion and training route, called by every role of the owning workspace and
 * by an admin of another workspace. A role the route does not grant gets 403 before anything is
 * read; a granted role gets past authorization (any answer but 401/403); another workspace sees
 * nothing (404) where the route names one of this workspace's objects.
 */
describe('registry, promotion and training routes: each role, and another workspace', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let owner: SeededWorkspace;
  let stranger: SeededWorkspace;
  let promotionId: string;
  let runId: string;
  let experimentId: string;

  before(async () => {
    api = await startTestApi(database);
    owner = await seedWorkspace(database.db, 'roles-owner');
    stranger = await seedWorkspace(database.db, 'roles-stranger');
    const { row: model } = await insertRegisteredModelIfAbsent(database.db, { workspaceId: owner.id, name: 'Owned', target: { column: 'Won' }, gradeBands: [{ grade: 'A', from: 0.5 }, { grade: 'B', from: 0 }] });
    const version = await insertNextModelVersion(database.db, { workspaceId: owner.id, modelId: model.id, source: 'uploaded', kind: 'onnx', inputFields: [] });
    const [promotion] = await database.sql<{ id: string }[]>`
      insert into promotion_requests (workspace_id, model_id, alias, version_id, status, reason, evidence, policy)
      values (${owner.id}, ${model.id}, 'champion', ${version.id}, 'pending', 'roles test', ${JSON.stringify({ holdout: null, candidate: null, current: null, quality: null, notes: [] })}::jsonb, ${JSON.stringify({ passed: false, checks: [] })}::jsonb)
      returning id`;
    promotionId = promotion!.id;
    const [experiment] = await database.sql<{ id: string }[]>`insert into experiments (workspace_id, name, name_key) values (${owner.id}, 'Owned', 'owned') returning id`;
    experimentId = experiment!.id;
    const [dataset] = await database.sql<{ id: string }[]>`
      insert into datasets (workspace_id, name, source, origin, content_hash, row_count, columns, size_bytes) values (${owner.id}, 'd', 'file', '{}', 'h', 0, '[]', 0) returning id`;
    const [run] = await database.sql<{ id: string }[]>`
      insert into training_runs (workspace_id, experiment_id, dataset_id, status, request) values (${owner.id}, ${experimentId}, ${dataset!.id}, 'succeeded', '{}') returning id`;
    runId = run!.id;
  });
  after(async () => {
    await api.close();
  });

  const ownedIds = () => ({ modelName: 'Owned', promotionId, trainingRunId: runId, experimentId });

  function pathOf(contract: RouteContract): string {
    const ids: Record<string, string> = ownedIds();
    return contract.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? randomUUID()));
  }

  const routes: RouteContract[] = [...Object.values(registryRoutes), ...Object.values(promotionRoutes), ...Object.values(trainingRoutes)];

  for (const contract of routes) {
    it(`${contract.method.toUpperCase()} ${contract.path}: ${contract.access === 'public' ? 'public' : contract.access.join(', ')} only`, async () => {
      for (const role of ROLES) {
        const response = await api.request(pathOf(contract), { method: contract.method.toUpperCase(), key: owner.users[role].key, ...(contract.method === 'get' ? {} : { json: {} }) });
        const text = await response.text();
        const granted = contract.access !== 'public' && contract.access.includes(role);
        if (!granted) assert.equal(response.status, 403, `${role} got ${response.status}`);
        // Withdrawing is for the requester alone: other granted roles pass the role check, then are refused as not the requester.
        else if (contract === promotionRoutes.withdraw) assert.match(text, /Only the requester can withdraw/);
        else assert.ok(![401, 403].includes(response.status), `${role} was refused with ${response.status}: ${text}`);
      }
      if (contract.path.includes('{')) {
        const response = await api.request(pathOf(contract), { method: contract.method.toUpperCase(), key: stranger.users.admin.key, ...(contract.method === 'get' ? {} : { json: {} }) });
        await response.arrayBuffer();
        // An empty body may be refused (422) before the lookup; with a valid body the object must look absent.
        assert.ok([403, 404, 422].includes(response.status), `another workspace's admin got ${response.status}`);
        assert.notEqual(response.status, 200);
      }
    });
  }

  it('should show another workspace nothing of this one, even with a valid body', async () => {
    const attempts: [string, string, unknown][] = [
      ['POST', `/v1/promotions/${promotionId}/approve`, { overrideReason: 'not mine' }],
      ['POST', `/v1/promotions/${promotionId}/reject`, { comment: 'not mine' }],
      ['POST', '/v1/models/Owned/promotions', { version: 1, reason: 'not mine' }],
      ['POST', '/v1/models/Owned/rollback', { reason: 'not mine' }],
      ['PUT', '/v1/models/Owned/retraining', { everyDays: 10 }],
      ['GET', '/v1/models/Owned/versions', undefined],
      ['GET', `/v1/promotions/${promotionId}`, undefined],
      ['GET', `/v1/training-runs/${runId}`, undefined],
      ['GET', `/v1/experiments/${experimentId}/runs`, undefined],
      ['POST', `/v1/training-runs/${runId}/cancel`, undefined],
    ];
    for (const [method, path, json] of attempts) {
      const response = await api.request(path, { method, key: stranger.users.admin.key, ...(json === undefined ? {} : { json }) });
      assert.equal(response.status, 404, `${method} ${path}: ${response.status} ${await response.text()}`);
    }
    const [state] = await database.sql<{ status: string }[]>`select status from promotion_requests where id = ${promotionId}`;
    assert.equal(state!.status, 'pending');
  });
});
