import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { apiKeyListSchema, apiKeySchema, auditEventPageSchema, createdApiKeySchema, meSchema, userListSchema, userSchema, type Role } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { CREDENTIALS_CHANNEL } from './credential-cache.ts';

/** Retries a request for up to two seconds until it answers 401: notifications arrive asynchronously. */
async function eventually401(send: () => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const response = await send();
    if (response.status === 401 || Date.now() > deadline) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('authentication and authorization over HTTP', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let alpha: SeededWorkspace;
  let beta: SeededWorkspace;

  before(async () => {
    api = await startTestApi(database);
    alpha = await seedWorkspace(database.db, 'alpha');
    beta = await seedWorkspace(database.db, 'beta');
  });
  after(async () => {
    await api.close();
  });

  /** A fresh user of workspace alpha with a key of their own, made through the API as alpha's admin. */
  async function createUserWithKey(role: Role): Promise<{ id: string; key: string; apiKeyId: string }> {
    const kind = role === 'service' ? 'service' : 'person';
    const user = userSchema.parse(
      await expectJson(
        await api.request('/v1/users', {
          method: 'POST',
          key: alpha.users.admin.key,
          json: { kind, email: `${randomUUID()}@alpha.example.com`, displayName: `Another ${role}`, role },
        }),
        201,
      ),
    );
    const created = createdApiKeySchema.parse(
      await expectJson(await api.request('/v1/api-keys', { method: 'POST', key: alpha.users.admin.key, json: { name: 'test key', userId: user.id } }), 201),
    );
    return { id: user.id, key: created.secret, apiKeyId: created.apiKey.id };
  }

  describe('without a credential', () => {
    it('should answer 401 on /v1/me', async () => {
      const error = await expectError(await api.request('/v1/me'), 401, 'unauthenticated');
      assert.match(error.message, /Authorization: Bearer/);
    });

    it('should answer 401 on an unknown /v1 path, because authentication comes before routing', async () => {
      await expectError(await api.request('/v1/no-such-thing'), 401, 'unauthenticated');
      await expectError(await api.request('/v1/no-such-thing', { method: 'DELETE' }), 401, 'unauthenticated');
      // The same path with a valid credential is simply unknown.
      const error = await expectError(await api.request('/v1/no-such-thing', { key: alpha.users.rep.key }), 404, 'not_found');
      assert.match(error.message, /\/v1\/no-such-thing/);
    });

    it('should answer 401 on every /v1 route', async () => {
      const someId = randomUUID();
      const routes: [string, string][] = [
        ['GET', '/v1/users'],
        ['POST', '/v1/users'],
        ['GET', `/v1/users/${someId}`],
        ['PATCH', `/v1/users/${someId}`],
        ['GET', '/v1/api-keys'],
        ['POST', '/v1/api-keys'],
        ['DELETE', `/v1/api-keys/${someId}`],
        ['GET', '/v1/audit-events'],
      ];
      for (const [method, path] of routes) {
        const response = await api.request(path, { method, ...(method === 'POST' || method === 'PATCH' ? { json: { name: 'x' } } : {}) });
        await expectError(response, 401, 'unauthenticated');
      }
    });

    it('should not parse the body of an anonymous request', async () => {
      const response = await api.request('/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ not json' });
      await expectError(response, 401, 'unauthenticated');
    });

    it('should put the caller’s X-Request-Id into the error body', async () => {
      const response = await api.request('/v1/me', { headers: { 'x-request-id': 'matrix-test-0001' } });
      assert.equal(response.headers.get('x-request-id'), 'matrix-test-0001');
      const error = await expectError(response, 401, 'unauthenticated');
      assert.equal(error.requestId, 'matrix-test-0001');
    });

    it('should still serve the public routes', async () => {
      assert.deepEqual(await expectJson(await api.request('/health'), 200), { status: 'ok' });
    });
  });

  describe('a malformed Authorization header', () => {
    const malformed = (key: string) => [
      'Basic dXNlcjpwYXNzd29yZA==',
      'Bearer',
      'Bearer ',
      `Token ${key}`,
      `Bearer ${key} ${key}`,
      `Bearer: ${key}`,
      key,
    ];

    it('should be answered with 401 in every variant', async () => {
      for (const header of malformed(alpha.users.admin.key)) {
        const response = await api.request('/v1/me', { headers: { authorization: header } });
        const error = await expectError(response, 401, 'unauthenticated');
        assert.match(error.message, /Bearer/, `message for ${JSON.stringify(header)}`);
      }
    });

    it('should accept the scheme in any letter case, as HTTP defines it', async () => {
      const response = await api.request('/v1/me', { headers: { authorization: `bearer ${alpha.users.rep.key}` } });
      const me = meSchema.parse(await expectJson(response, 200));
      assert.equal(me.user.id, alpha.users.rep.id);
    });
  });

  describe('roles', () => {
    it('should tell every role who it is on /v1/me', async () => {
      for (const role of ['rep', 'analyst', 'admin', 'service'] as const) {
        const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: alpha.users[role].key }), 200));
        assert.equal(me.user.role, role);
        assert.equal(me.user.id, alpha.users[role].id);
        assert.equal(me.workspace.id, alpha.id);
        assert.equal(me.workspace.slug, 'alpha');
        assert.deepEqual(me.credential, { type: 'api_key', apiKeyId: alpha.users[role].apiKeyId });
      }
    });

    it('should answer 403 when an analyst creates a user, and create nothing', async () => {
      const email = `forbidden-${randomUUID()}@alpha.example.com`;
      const response = await api.request('/v1/users', { method: 'POST', key: alpha.users.analyst.key, json: { email, displayName: 'Nobody', role: 'admin' } });
      const error = await expectError(response, 403, 'forbidden');
      assert.match(error.message, /admin/);
      assert.match(error.message, /your role is analyst/);
      const list = userListSchema.parse(await expectJson(await api.request('/v1/users', { key: alpha.users.admin.key }), 200));
      assert.equal(
        list.items.some((user) => user.email === email),
        false,
      );
    });

    it('should answer 403 when a rep reads the audit trail', async () => {
      const error = await expectError(await api.request('/v1/audit-events', { key: alpha.users.rep.key }), 403, 'forbidden');
      assert.match(error.message, /your role is rep/);
    });

    it('should answer 403 when a service credential creates an API key', async () => {
      const response = await api.request('/v1/api-keys', { method: 'POST', key: alpha.users.service.key, json: { name: 'machine made' } });
      const error = await expectError(response, 403, 'forbidden');
      assert.match(error.message, /your role is service/);
      const keys = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${alpha.users.service.id}`, { key: alpha.users.admin.key }), 200));
      assert.deepEqual(
        keys.items.map((key) => key.name),
        ['service key'],
      );
    });

    it('should answer 403 on the admin routes for every role but admin', async () => {
      const target = alpha.users.rep.id;
      for (const role of ['rep', 'analyst', 'service'] as const) {
        const key = alpha.users[role].key;
        await expectError(await api.request('/v1/users', { key }), 403, 'forbidden');
        await expectError(await api.request(`/v1/users/${target}`, { key }), 403, 'forbidden');
        await expectError(await api.request(`/v1/users/${target}`, { method: 'PATCH', key, json: { role: 'admin' } }), 403, 'forbidden');
        await expectError(await api.request('/v1/audit-events', { key }), 403, 'forbidden');
      }
      const rep = userSchema.parse(await expectJson(await api.request(`/v1/users/${target}`, { key: alpha.users.admin.key }), 200));
      assert.equal(rep.role, 'rep');
    });

    it('should refuse on role before validating the request, so a 403 reveals nothing about the schema', async () => {
      const response = await api.request('/v1/users', { method: 'POST', key: alpha.users.analyst.key, json: { role: 'nonsense' } });
      await expectError(response, 403, 'forbidden');
      await expectError(await api.request('/v1/users/not-a-uuid', { key: alpha.users.rep.key }), 403, 'forbidden');
    });

    it('should let an admin do what the other roles may not', async () => {
      const key = alpha.users.admin.key;
      userListSchema.parse(await expectJson(await api.request('/v1/users', { key }), 200));
      auditEventPageSchema.parse(await expectJson(await api.request('/v1/audit-events', { key }), 200));
    });
  });

  describe('another workspace’s objects', () => {
    it('should answer 404, not 403, to GET of another workspace’s user', async () => {
      const error = await expectError(await api.request(`/v1/users/${beta.users.analyst.id}`, { key: alpha.users.admin.key }), 404, 'not_found');
      assert.equal(error.message, `User ${beta.users.analyst.id} was not found`);
      // Exactly what a user that does not exist at all looks like.
      const missing = randomUUID();
      const absent = await expectError(await api.request(`/v1/users/${missing}`, { key: alpha.users.admin.key }), 404, 'not_found');
      assert.equal(absent.message, `User ${missing} was not found`);
    });

    it('should answer 404 to PATCH of another workspace’s user and leave the user alone', async () => {
      const key = alpha.users.admin.key;
      await expectError(await api.request(`/v1/users/${beta.users.analyst.id}`, { method: 'PATCH', key, json: { displayName: 'Hijacked' } }), 404, 'not_found');
      await expectError(await api.request(`/v1/users/${beta.users.admin.id}`, { method: 'PATCH', key, json: { role: 'rep' } }), 404, 'not_found');
      await expectError(await api.request(`/v1/users/${beta.users.rep.id}`, { method: 'PATCH', key, json: { disabled: true } }), 404, 'not_found');
      const betaUsers = userListSchema.parse(await expectJson(await api.request('/v1/users', { key: beta.users.admin.key }), 200));
      const byId = new Map(betaUsers.items.map((user) => [user.id, user]));
      assert.equal(byId.get(beta.users.analyst.id)?.displayName, 'analyst of beta');
      assert.equal(byId.get(beta.users.admin.id)?.role, 'admin');
      assert.equal(byId.get(beta.users.rep.id)?.disabled, false);
      meSchema.parse(await expectJson(await api.request('/v1/me', { key: beta.users.rep.key }), 200));
    });

    it('should answer 404 to DELETE of another workspace’s API key and keep the key working', async () => {
      const error = await expectError(await api.request(`/v1/api-keys/${beta.users.rep.apiKeyId}`, { method: 'DELETE', key: alpha.users.admin.key }), 404, 'not_found');
      assert.equal(error.message, `API key ${beta.users.rep.apiKeyId} was not found`);
      await expectError(await api.request(`/v1/api-keys/${beta.users.rep.apiKeyId}`, { method: 'DELETE', key: alpha.users.analyst.key }), 404, 'not_found');
      const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: beta.users.rep.key }), 200));
      assert.equal(me.user.id, beta.users.rep.id);
    });

    it('should answer 404 when an admin creates a key for another workspace’s user', async () => {
      const response = await api.request('/v1/api-keys', { method: 'POST', key: alpha.users.admin.key, json: { name: 'sneaky', userId: beta.users.admin.id } });
      await expectError(response, 404, 'not_found');
      const keys = apiKeyListSchema.parse(await expectJson(await api.request('/v1/api-keys', { key: beta.users.admin.key }), 200));
      assert.equal(
        keys.items.some((key) => key.name === 'sneaky'),
        false,
      );
    });

    it('should never list another workspace’s users, keys or audit events', async () => {
      const key = alpha.users.admin.key;
      const betaUserIds = new Set(Object.values(beta.users).map((user) => user.id));
      const betaKeyIds = new Set(Object.values(beta.users).map((user) => user.apiKeyId));

      const users = userListSchema.parse(await expectJson(await api.request('/v1/users', { key }), 200));
      assert.ok(users.items.length >= 4);
      for (const user of users.items) {
        assert.equal(user.workspaceId, alpha.id);
        assert.equal(betaUserIds.has(user.id), false);
      }

      const keys = apiKeyListSchema.parse(await expectJson(await api.request('/v1/api-keys?includeRevoked=true', { key }), 200));
      assert.ok(keys.items.length >= 4);
      for (const apiKey of keys.items) {
        assert.equal(apiKey.workspaceId, alpha.id);
        assert.equal(betaKeyIds.has(apiKey.id), false);
      }

      const filtered = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${beta.users.admin.id}`, { key }), 200));
      assert.deepEqual(filtered.items, []);

      const events = auditEventPageSchema.parse(await expectJson(await api.request('/v1/audit-events?limit=500', { key }), 200));
      assert.ok(events.items.length >= 4);
      for (const event of events.items) {
        assert.equal(event.workspaceId, alpha.id);
        assert.equal(betaUserIds.has(event.targetId) || betaKeyIds.has(event.targetId), false);
      }
      const targeted = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?targetType=api_key&targetId=${beta.users.rep.apiKeyId}`, { key }), 200));
      assert.deepEqual(targeted.items, []);
    });

    it('should place each key in its own workspace', async () => {
      const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: beta.users.analyst.key }), 200));
      assert.equal(me.workspace.id, beta.id);
      assert.equal(me.user.workspaceId, beta.id);
    });
  });

  describe('API keys that no longer work', () => {
    const unknownKeyMessage = async () =>
      (await expectError(await api.request('/v1/me', { key: `sbk_0123456789ab_${'A'.repeat(43)}` }), 401, 'unauthenticated')).message;

    it('should answer 401 to a revoked key', async () => {
      const user = await createUserWithKey('analyst');
      meSchema.parse(await expectJson(await api.request('/v1/me', { key: user.key }), 200));
      const revoked = apiKeySchema.parse(await expectJson(await api.request(`/v1/api-keys/${user.apiKeyId}`, { method: 'DELETE', key: alpha.users.admin.key }), 200));
      assert.ok(revoked.revokedAt);
      const error = await expectError(await api.request('/v1/me', { key: user.key }), 401, 'unauthenticated');
      assert.equal(error.message, await unknownKeyMessage());
    });

    it('should answer 401 to an expired key', async () => {
      const created = createdApiKeySchema.parse(
        await expectJson(await api.request('/v1/api-keys', { method: 'POST', key: alpha.users.analyst.key, json: { name: 'short lived', expiresInDays: 1 } }), 201),
      );
      const expiresAt = Date.parse(created.apiKey.expiresAt ?? '');
      assert.ok(Math.abs(expiresAt - (Date.now() + 24 * 60 * 60 * 1000)) < 60_000, `expires about a day from now, not ${created.apiKey.expiresAt}`);
      meSchema.parse(await expectJson(await api.request('/v1/me', { key: created.secret }), 200));

      // Moving the expiry by hand is a change behind the API's back, so it notifies as every
      // credential change does; the API drops its cached copy and reads the new expiry.
      await database.sql.begin(async (tx) => {
        await tx`update api_keys set expires_at = now() - interval '1 second' where id = ${created.apiKey.id}`;
        await tx`select pg_notify(${CREDENTIALS_CHANNEL}, '')`;
      });
      const error = await expectError(await eventually401(() => api.request('/v1/me', { key: created.secret })), 401, 'unauthenticated');
      assert.equal(error.message, await unknownKeyMessage());
    });

    it('should answer 401 to the key of a disabled user', async () => {
      const user = await createUserWithKey('rep');
      meSchema.parse(await expectJson(await api.request('/v1/me', { key: user.key }), 200));
      const disabled = userSchema.parse(await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: alpha.users.admin.key, json: { disabled: true } }), 200));
      assert.equal(disabled.disabled, true);
      const error = await expectError(await api.request('/v1/me', { key: user.key }), 401, 'unauthenticated');
      assert.equal(error.message, await unknownKeyMessage());
    });

    it('should answer a mistyped key exactly as an unknown one', async () => {
      const key = alpha.users.analyst.key;
      const last = key.at(-1) === 'A' ? 'B' : 'A';
      const variants = [
        `${key.slice(0, -1)}${last}`, // right prefix, one wrong character in the secret
        `${key.slice(0, 17)}${'x'.repeat(key.length - 17)}`, // right prefix, entirely wrong secret
        key.slice(0, -5), // cut short
        `${key}extra`,
        `sbk_${randomUUID().replaceAll('-', '').slice(0, 12)}_${key.slice(17)}`, // unknown lookup id, real secret
        'sbk_',
        'sbk_not-a-key',
      ];
      const expected = await unknownKeyMessage();
      assert.match(expected, /not valid/);
      for (const variant of variants) {
        const error = await expectError(await api.request('/v1/me', { key: variant }), 401, 'unauthenticated');
        assert.equal(error.message, expected, `message for ${variant}`);
      }
      // The real key still works after all those attempts.
      meSchema.parse(await expectJson(await api.request('/v1/me', { key }), 200));
    });
  });
});
