import assert from 'node:assert/strict';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { createDatabase, type DatabaseConnection } from '../db/client.ts';
import { withdrawApiKey } from './api-keys.service.ts';
import { findApiKey } from './api-keys.repo.ts';
import { createCredentialCache } from './credential-cache.ts';

describe('credential cache', () => {
  describe('in memory', () => {
    it('should forget an entry after its time to live', () => {
      let now = 1_000;
      const cache = createCredentialCache<string>({ ttlMs: 100, maxEntries: 10, now: () => now });
      cache.set('a', 'alpha');
      now += 99;
      assert.equal(cache.get('a'), 'alpha');
      now += 1;
      assert.equal(cache.get('a'), undefined);
      assert.equal(cache.size, 0);
    });

    it('should evict the oldest entry when full', () => {
      const cache = createCredentialCache<number>({ ttlMs: 60_000, maxEntries: 2 });
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('c', 3);
      assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [undefined, 2, 3]);
    });
  });

  describe('across processes', () => {
    const database = useTestDatabase();
    let api: TestApi;
    let workspace: SeededWorkspace;
    // A second pool stands in for another Scorebridge process (the CLI, another API instance).
    let otherProcess: DatabaseConnection;

    before(async () => {
      api = await startTestApi(database);
      workspace = await seedWorkspace(database.db, 'cache');
      otherProcess = createDatabase({ url: database.url, poolMax: 1 });
    });
    after(async () => {
      await otherProcess.close();
      await api.close();
    });

    it('should stop accepting a key that another process revoked', async () => {
      const { key, apiKeyId } = workspace.users.analyst;
      assert.equal((await api.request('/v1/me', { key })).status, 200, 'the key is cached now');

      await otherProcess.db.transaction(async (tx) => {
        const row = await findApiKey(tx, workspace.id, apiKeyId);
        await withdrawApiKey(tx, { workspaceId: workspace.id, userId: null, apiKeyId: null, label: 'other process', requestId: null }, row!);
      });

      const deadline = Date.now() + 2000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await api.request('/v1/me', { key })).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(status, 401);
    });

    it('should apply a role change made in this process to the very next request', async () => {
      const { key, id } = workspace.users.rep;
      assert.equal((await api.request('/v1/audit-events', { key })).status, 403);
      const promoted = await api.request(`/v1/users/${id}`, { method: 'PATCH', key: workspace.users.admin.key, json: { role: 'admin' } });
      assert.equal(promoted.status, 200);
      assert.equal((await api.request('/v1/audit-events', { key })).status, 200);
    });
  });
});
