import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { apiKeyListSchema, apiKeySchema, auditEventPageSchema, createdApiKeySchema, meSchema, userListSchema, userSchema, type AuditEvent, type Role, type User } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';

describe('users and API keys over HTTP', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let seeded = 0;

  before(async () => {
    api = await startTestApi(database);
  });
  after(async () => {
    await api.close();
  });

  /** Each test that changes admins gets a workspace of its own, so that tests cannot disturb each other. */
  const newWorkspace = () => seedWorkspace(database.db, `ws-${++seeded}`);

  async function createUser(workspace: SeededWorkspace, role: Role, fields: Record<string, unknown> = {}): Promise<User> {
    const response = await api.request('/v1/users', {
      method: 'POST',
      key: workspace.users.admin.key,
      json: { email: `${role}-${randomUUID()}@${workspace.slug}.example.com`, displayName: `Extra ${role}`, role, ...fields },
    });
    return userSchema.parse(await expectJson(response, 201));
  }

  async function createKey(key: string, body: Record<string, unknown>) {
    return createdApiKeySchema.parse(await expectJson(await api.request('/v1/api-keys', { method: 'POST', key, json: body }), 201));
  }

  async function auditTrail(workspace: SeededWorkspace, query = ''): Promise<AuditEvent[]> {
    const page = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?limit=500${query}`, { key: workspace.users.admin.key }), 200));
    return page.items;
  }

  async function enabledAdmins(workspace: SeededWorkspace): Promise<string[]> {
    const rows = await database.sql<{ id: string }[]>`
      select id from users where workspace_id = ${workspace.id} and role = 'admin' and disabled_at is null order by id`;
    return rows.map((row) => row.id);
  }

  describe('users', () => {
    let workspace: SeededWorkspace;
    before(async () => {
      workspace = await newWorkspace();
    });

    it('should create a user (201) and record user.created with the actor and the request id', async () => {
      const email = `new-${randomUUID()}@example.com`;
      const response = await api.request('/v1/users', {
        method: 'POST',
        key: workspace.users.admin.key,
        headers: { 'x-request-id': 'create-user-request-1' },
        json: { email, displayName: '  Nadia New  ', role: 'analyst' },
      });
      const user = userSchema.parse(await expectJson(response, 201));
      assert.equal(response.headers.get('x-request-id'), 'create-user-request-1');
      assert.equal(user.email, email);
      assert.equal(user.displayName, 'Nadia New');
      assert.equal(user.role, 'analyst');
      assert.equal(user.kind, 'person');
      assert.equal(user.workspaceId, workspace.id);
      assert.equal(user.disabled, false);

      const fetched = userSchema.parse(await expectJson(await api.request(`/v1/users/${user.id}`, { key: workspace.users.admin.key }), 200));
      assert.deepEqual(fetched, user);

      const events = await auditTrail(workspace, `&targetType=user&targetId=${user.id}`);
      assert.equal(events.length, 1);
      const [event] = events;
      assert.equal(event!.action, 'user.created');
      assert.equal(event!.workspaceId, workspace.id);
      assert.equal(event!.actorUserId, workspace.users.admin.id);
      assert.equal(event!.actorApiKeyId, workspace.users.admin.apiKeyId);
      assert.equal(event!.actorLabel, 'api');
      assert.equal(event!.requestId, 'create-user-request-1');
      assert.equal(event!.before, null);
      assert.deepEqual(event!.after, user);
    });

    it('should record a generated request id when the caller sends none', async () => {
      const response = await api.request('/v1/users', {
        method: 'POST',
        key: workspace.users.admin.key,
        json: { email: `gen-${randomUUID()}@example.com`, displayName: 'Generated Id', role: 'rep' },
      });
      const user = userSchema.parse(await expectJson(response, 201));
      const requestId = response.headers.get('x-request-id');
      assert.ok(requestId);
      const [event] = await auditTrail(workspace, `&targetId=${user.id}`);
      assert.equal(event?.requestId, requestId);
    });

    it('should create a service identity without an email', async () => {
      const response = await api.request('/v1/users', { method: 'POST', key: workspace.users.admin.key, json: { kind: 'service', displayName: 'Salesforce org', role: 'service' } });
      const user = userSchema.parse(await expectJson(response, 201));
      assert.equal(user.kind, 'service');
      assert.equal(user.email, null);
    });

    it('should record a role change as user.role_changed with the roles before and after', async () => {
      const user = await createUser(workspace, 'analyst');
      const response = await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: workspace.users.admin.key, json: { role: 'rep' } });
      const updated = userSchema.parse(await expectJson(response, 200));
      assert.equal(updated.role, 'rep');

      const events = await auditTrail(workspace, `&targetType=user&targetId=${user.id}`);
      assert.deepEqual(
        events.map((event) => event.action),
        ['user.role_changed', 'user.created'],
      );
      const changed = events[0]!;
      assert.equal((changed.before as User).role, 'analyst');
      assert.equal((changed.after as User).role, 'rep');
      assert.deepEqual(changed.after, updated);
      assert.equal(changed.actorUserId, workspace.users.admin.id);
      assert.equal(changed.requestId, response.headers.get('x-request-id'));
    });

    it('should record a rename as user.updated, not as a role change', async () => {
      const user = await createUser(workspace, 'rep');
      const updated = userSchema.parse(await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: workspace.users.admin.key, json: { displayName: 'Renamed' } }), 200));
      assert.equal(updated.displayName, 'Renamed');
      assert.equal(updated.role, 'rep');
      const [latest] = await auditTrail(workspace, `&targetId=${user.id}`);
      assert.equal(latest?.action, 'user.updated');
      assert.equal((latest?.before as User).displayName, 'Extra rep');
      assert.equal((latest?.after as User).displayName, 'Renamed');
    });

    it('should answer 409 to a duplicate email and create nothing', async () => {
      const user = await createUser(workspace, 'rep');
      const response = await api.request('/v1/users', { method: 'POST', key: workspace.users.admin.key, json: { email: user.email, displayName: 'Twin', role: 'analyst' } });
      const error = await expectError(response, 409, 'conflict');
      assert.match(error.message, new RegExp(user.email!.replace(/[.]/g, '\\.')));
      const list = userListSchema.parse(await expectJson(await api.request('/v1/users', { key: workspace.users.admin.key }), 200));
      assert.equal(list.items.filter((item) => item.email === user.email).length, 1);
      const created = (await auditTrail(workspace)).filter((event) => event.action === 'user.created' && (event.after as User).email === user.email);
      assert.equal(created.length, 1);
    });

    it('should treat emails that differ only in letter case as the same', async () => {
      const user = await createUser(workspace, 'rep');
      const shouted = user.email!.toUpperCase();
      const response = await api.request('/v1/users', { method: 'POST', key: workspace.users.admin.key, json: { email: shouted, displayName: 'Twin', role: 'rep' } });
      await expectError(response, 409, 'conflict');
    });

    it('should allow the same email in another workspace', async () => {
      const user = await createUser(workspace, 'rep');
      const other = await newWorkspace();
      const response = await api.request('/v1/users', { method: 'POST', key: other.users.admin.key, json: { email: user.email, displayName: 'Namesake', role: 'rep' } });
      const created = userSchema.parse(await expectJson(response, 201));
      assert.equal(created.workspaceId, other.id);
    });

    it('should answer 409 when a sign-in identity is linked twice', async () => {
      const identity = { externalIssuer: 'https://idp.example.test', externalSubject: `sub-${randomUUID()}` };
      await createUser(workspace, 'rep', identity);
      const response = await api.request('/v1/users', {
        method: 'POST',
        key: workspace.users.admin.key,
        json: { email: `second-${randomUUID()}@example.com`, displayName: 'Second', role: 'rep', ...identity },
      });
      const error = await expectError(response, 409, 'conflict');
      assert.match(error.message, /sign-on identity/);
    });

    it('should answer 422 naming each invalid field', async () => {
      const cases: { body: unknown; fields: string[] }[] = [
        { body: { displayName: 'No Email', role: 'rep' }, fields: ['body.email'] },
        { body: { email: 'not-an-email', displayName: 'Bad Email', role: 'rep' }, fields: ['body.email'] },
        { body: { email: 'ok@example.com', displayName: '   ', role: 'rep' }, fields: ['body.displayName'] },
        { body: { email: 'ok@example.com', displayName: 'Bad Role', role: 'superuser' }, fields: ['body.role'] },
        { body: { email: 'ok@example.com', displayName: 'Half Identity', role: 'rep', externalIssuer: 'https://idp.example.test' }, fields: ['body.externalSubject'] },
        { body: { email: 'nope', displayName: '', role: 'owner' }, fields: ['body.email', 'body.displayName', 'body.role'] },
      ];
      for (const { body, fields } of cases) {
        const error = await expectError(await api.request('/v1/users', { method: 'POST', key: workspace.users.admin.key, json: body }), 422, 'validation_failed');
        const named = (error.details ?? []).map((detail) => detail.field);
        for (const field of fields) assert.ok(named.includes(field), `${JSON.stringify(body)}: ${field} is not among ${JSON.stringify(named)}`);
        assert.ok(error.message.includes(fields[0]!) || fields.some((field) => error.message.includes(field)), error.message);
      }
    });

    it('should answer 422 to an empty patch and to a user id that is not a uuid', async () => {
      const empty = await expectError(await api.request(`/v1/users/${workspace.users.rep.id}`, { method: 'PATCH', key: workspace.users.admin.key, json: {} }), 422, 'validation_failed');
      assert.match(empty.message, /at least one/);
      const badId = await expectError(await api.request('/v1/users/12345', { key: workspace.users.admin.key }), 422, 'validation_failed');
      assert.deepEqual(
        badId.details?.map((detail) => detail.field),
        ['params.userId'],
      );
    });
  });

  describe('the last enabled admin', () => {
    it('should not be demoted or disabled (409), and stay admin', async () => {
      const workspace = await newWorkspace();
      const admin = workspace.users.admin;
      for (const patch of [{ role: 'analyst' }, { disabled: true }, { role: 'rep', disabled: true }]) {
        const error = await expectError(await api.request(`/v1/users/${admin.id}`, { method: 'PATCH', key: admin.key, json: patch }), 409, 'conflict');
        assert.match(error.message, /last enabled admin/);
      }
      assert.deepEqual(await enabledAdmins(workspace), [admin.id]);
      const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: admin.key }), 200));
      assert.equal(me.user.role, 'admin');
      assert.equal((await auditTrail(workspace, `&targetId=${admin.id}`)).length, 0);
    });

    it('should still be renamed, and re-saved as admin', async () => {
      const workspace = await newWorkspace();
      const admin = workspace.users.admin;
      const renamed = userSchema.parse(await expectJson(await api.request(`/v1/users/${admin.id}`, { method: 'PATCH', key: admin.key, json: { displayName: 'Chief', role: 'admin', disabled: false } }), 200));
      assert.equal(renamed.displayName, 'Chief');
      assert.equal(renamed.role, 'admin');
    });

    it('should allow demoting one of two admins, and then protect the other', async () => {
      const workspace = await newWorkspace();
      const first = workspace.users.admin;
      const second = await createUser(workspace, 'admin');
      const demoted = userSchema.parse(await expectJson(await api.request(`/v1/users/${second.id}`, { method: 'PATCH', key: first.key, json: { role: 'analyst' } }), 200));
      assert.equal(demoted.role, 'analyst');
      assert.deepEqual(await enabledAdmins(workspace), [first.id]);
      await expectError(await api.request(`/v1/users/${first.id}`, { method: 'PATCH', key: first.key, json: { role: 'analyst' } }), 409, 'conflict');
      await expectError(await api.request(`/v1/users/${first.id}`, { method: 'PATCH', key: first.key, json: { disabled: true } }), 409, 'conflict');
      assert.deepEqual(await enabledAdmins(workspace), [first.id]);
    });

    it('should allow an admin to step down while another admin remains', async () => {
      const workspace = await newWorkspace();
      const first = workspace.users.admin;
      const second = await createUser(workspace, 'admin');
      const demoted = userSchema.parse(await expectJson(await api.request(`/v1/users/${first.id}`, { method: 'PATCH', key: first.key, json: { role: 'rep' } }), 200));
      assert.equal(demoted.role, 'rep');
      assert.deepEqual(await enabledAdmins(workspace), [second.id]);
      // The key now acts with the new role.
      await expectError(await api.request('/v1/users', { key: first.key }), 403, 'forbidden');
    });

    it('should not count a disabled admin as an admin', async () => {
      const workspace = await newWorkspace();
      const first = workspace.users.admin;
      const second = await createUser(workspace, 'admin');
      const disabled = userSchema.parse(await expectJson(await api.request(`/v1/users/${second.id}`, { method: 'PATCH', key: first.key, json: { disabled: true } }), 200));
      assert.equal(disabled.disabled, true);
      assert.equal(disabled.role, 'admin');
      const error = await expectError(await api.request(`/v1/users/${first.id}`, { method: 'PATCH', key: first.key, json: { role: 'analyst' } }), 409, 'conflict');
      assert.match(error.message, /last enabled admin/);
      // Enabling the second admin again lifts the protection.
      await expectJson(await api.request(`/v1/users/${second.id}`, { method: 'PATCH', key: first.key, json: { disabled: false } }), 200);
      await expectJson(await api.request(`/v1/users/${first.id}`, { method: 'PATCH', key: first.key, json: { role: 'analyst' } }), 200);
      assert.deepEqual(await enabledAdmins(workspace), [second.id]);
    });

    it('should let exactly one of two concurrent demotions of the only two admins succeed', async () => {
      const workspace = await newWorkspace();
      const first = workspace.users.admin;
      const secondUser = await createUser(workspace, 'admin');
      const second = { id: secondUser.id, key: (await createKey(first.key, { name: 'second admin', userId: secondUser.id })).secret };
      const demote = (caller: { key: string }, target: { id: string }) => api.request(`/v1/users/${target.id}`, { method: 'PATCH', key: caller.key, json: { role: 'analyst' } });

      // Hold the admins' row locks, on a connection apart from the API's pool, so that both requests
      // are authenticated and waiting on the same lock before either may decide; then release them at once.
      const locker = postgres(database.url, { max: 2, onnotice: () => {} });
      let pending: Promise<Response[]> | undefined;
      try {
        await locker.begin(async (tx) => {
          await tx`select id from users where workspace_id = ${workspace.id} and role = 'admin' order by id for update`;
          pending = Promise.all([demote(first, second), demote(second, first)]);
          const deadline = Date.now() + 10_000;
          for (;;) {
            const [row] = await locker<{ waiting: number }[]>`
              select count(*)::int as waiting from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and query ilike '%for update%'`;
            if (row!.waiting >= 2) break;
            assert.ok(Date.now() < deadline, 'both demotions should reach the admin lock');
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        });
      } finally {
        await locker.end();
      }
      const responses = await pending!;

      const statuses = responses.map((response) => response.status).sort();
      assert.deepEqual(statuses, [200, 409]);
      const loser = responses.find((response) => response.status === 409)!;
      const error = await expectError(loser, 409, 'conflict');
      assert.match(error.message, /last enabled admin/);
      const winner = userSchema.parse(await expectJson(responses.find((response) => response.status === 200)!, 200));
      assert.equal(winner.role, 'analyst');
      const remaining = await enabledAdmins(workspace);
      assert.equal(remaining.length, 1);
      assert.notEqual(remaining[0], winner.id);
      const roleChanges = (await database.sql<{ n: number }[]>`
        select count(*)::int as n from audit_events where workspace_id = ${workspace.id} and action = 'user.role_changed'`)[0]!.n;
      assert.equal(roleChanges, 1);
    });

    it('should keep one admin when the only two admins demote each other in a free race', async () => {
      for (let round = 0; round < 3; round++) {
        const workspace = await newWorkspace();
        const first = workspace.users.admin;
        const secondUser = await createUser(workspace, 'admin');
        const second = { key: (await createKey(first.key, { name: 'second admin', userId: secondUser.id })).secret };
        const responses = await Promise.all([
          api.request(`/v1/users/${secondUser.id}`, { method: 'PATCH', key: first.key, json: { role: 'analyst' } }),
          api.request(`/v1/users/${first.id}`, { method: 'PATCH', key: second.key, json: { role: 'analyst' } }),
        ]);
        const statuses = responses.map((response) => response.status);
        assert.equal(statuses.filter((status) => status === 200).length, 1, `round ${round}: ${statuses.join(', ')}`);
        // The loser either waited for the lock (409) or was already an analyst when authenticated (403).
        assert.ok(statuses.every((status) => [200, 403, 409].includes(status)), `round ${round}: ${statuses.join(', ')}`);
        assert.equal((await enabledAdmins(workspace)).length, 1);
      }
    });
  });

  describe('API keys', () => {
    let workspace: SeededWorkspace;
    before(async () => {
      workspace = await newWorkspace();
    });

    it('should show the secret once, and store only a hash of it', async () => {
      const analyst = workspace.users.analyst;
      const created = await createKey(analyst.key, { name: 'Excel on Ana’s laptop' });
      const { apiKey, secret } = created;
      assert.match(secret, /^sbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      assert.ok(secret.startsWith(`${apiKey.prefix}_`));
      assert.equal(apiKey.userId, analyst.id);
      assert.equal(apiKey.role, 'analyst');
      assert.equal(apiKey.name, 'Excel on Ana’s laptop');
      assert.equal(apiKey.createdByUserId, analyst.id);
      assert.equal(apiKey.lastUsedAt, null);
      assert.equal(apiKey.expiresAt, null);
      assert.equal(apiKey.revokedAt, null);

      const secretPart = secret.slice(apiKey.prefix.length + 1);
      for (const path of ['/v1/api-keys', '/v1/api-keys?includeRevoked=true', `/v1/api-keys?userId=${analyst.id}`]) {
        const text = await (await api.request(path, { key: workspace.users.admin.key })).text();
        const list = apiKeyListSchema.parse(JSON.parse(text));
        assert.ok(list.items.some((item) => item.id === apiKey.id));
        assert.equal(text.includes(secretPart), false, `${path} shows the secret`);
      }
      const ownList = await (await api.request('/v1/api-keys', { key: secret })).text();
      assert.equal(ownList.includes(secretPart), false);
      const trail = JSON.stringify(await auditTrail(workspace));
      assert.equal(trail.includes(secretPart), false, 'the audit trail shows the secret');

      const [row] = await database.sql<{ secret_hash: string; lookup_id: string }[]>`select secret_hash, lookup_id from api_keys where id = ${apiKey.id}`;
      assert.notEqual(row!.secret_hash, secret);
      assert.equal(row!.secret_hash.includes(secretPart), false);
      assert.equal(row!.secret_hash, createHash('sha256').update(secretPart).digest('hex'));
      assert.equal(`sbk_${row!.lookup_id}`, apiKey.prefix);
    });

    it('should record api_key.created', async () => {
      const response = await api.request('/v1/api-keys', { method: 'POST', key: workspace.users.rep.key, json: { name: 'audited' } });
      const created = createdApiKeySchema.parse(await expectJson(response, 201));
      const events = await auditTrail(workspace, `&targetType=api_key&targetId=${created.apiKey.id}`);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.action, 'api_key.created');
      assert.equal(events[0]!.actorUserId, workspace.users.rep.id);
      assert.equal(events[0]!.actorApiKeyId, workspace.users.rep.apiKeyId);
      assert.equal(events[0]!.requestId, response.headers.get('x-request-id'));
      assert.deepEqual(events[0]!.after, created.apiKey);
    });

    it('should make a key that works, and record when it was used', async () => {
      const created = await createKey(workspace.users.analyst.key, { name: 'fresh' });
      const before = Date.now();
      const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: created.secret }), 200));
      assert.equal(me.user.id, workspace.users.analyst.id);
      assert.deepEqual(me.credential, { type: 'api_key', apiKeyId: created.apiKey.id });

      // Use is recorded after the response, so poll for it.
      const deadline = Date.now() + 5_000;
      let lastUsedAt: string | null = null;
      while (lastUsedAt === null) {
        const list = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${workspace.users.analyst.id}`, { key: workspace.users.admin.key }), 200));
        lastUsedAt = list.items.find((item) => item.id === created.apiKey.id)?.lastUsedAt ?? null;
        if (lastUsedAt === null) {
          assert.ok(Date.now() < deadline, 'lastUsedAt should be set after the key was used');
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      const usedAt = Date.parse(lastUsedAt);
      assert.ok(usedAt >= before - 1000 && usedAt <= Date.now() + 1000, `lastUsedAt ${lastUsedAt} is about now`);
    });

    it('should revoke a key: 401 from then on, api_key.revoked once, and 200 again on a second revoke', async () => {
      const created = await createKey(workspace.users.analyst.key, { name: 'to revoke' });
      meSchema.parse(await expectJson(await api.request('/v1/me', { key: created.secret }), 200));

      const firstResponse = await api.request(`/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE', key: workspace.users.analyst.key });
      const first = apiKeySchema.parse(await expectJson(firstResponse, 200));
      assert.ok(first.revokedAt);
      const error = await expectError(await api.request('/v1/me', { key: created.secret }), 401, 'unauthenticated');
      assert.match(error.message, /not valid/);

      const second = apiKeySchema.parse(await expectJson(await api.request(`/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE', key: workspace.users.analyst.key }), 200));
      assert.equal(second.revokedAt, first.revokedAt);

      const events = await auditTrail(workspace, `&targetType=api_key&targetId=${created.apiKey.id}`);
      assert.deepEqual(
        events.map((event) => event.action),
        ['api_key.revoked', 'api_key.created'],
      );
      const revoked = events[0]!;
      assert.equal((revoked.before as { revokedAt: string | null }).revokedAt, null);
      assert.equal((revoked.after as { revokedAt: string | null }).revokedAt, first.revokedAt);
      assert.equal(revoked.actorUserId, workspace.users.analyst.id);
      assert.equal(revoked.requestId, firstResponse.headers.get('x-request-id'));

      const active = apiKeyListSchema.parse(await expectJson(await api.request('/v1/api-keys', { key: workspace.users.analyst.key }), 200));
      assert.equal(
        active.items.some((item) => item.id === created.apiKey.id),
        false,
      );
      const all = apiKeyListSchema.parse(await expectJson(await api.request('/v1/api-keys?includeRevoked=true', { key: workspace.users.analyst.key }), 200));
      assert.equal(all.items.find((item) => item.id === created.apiKey.id)?.revokedAt, first.revokedAt);
    });

    it('should record one api_key.revoked when the same key is revoked twice at once', async () => {
      const created = await createKey(workspace.users.analyst.key, { name: 'double revoke' });
      const responses = await Promise.all([
        api.request(`/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE', key: workspace.users.admin.key }),
        api.request(`/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE', key: workspace.users.analyst.key }),
      ]);
      const bodies = await Promise.all(responses.map(async (response) => apiKeySchema.parse(await expectJson(response, 200))));
      assert.ok(bodies[0]!.revokedAt);
      assert.equal(bodies[0]!.revokedAt, bodies[1]!.revokedAt);
      const events = await auditTrail(workspace, `&targetType=api_key&targetId=${created.apiKey.id}`);
      assert.equal(events.filter((event) => event.action === 'api_key.revoked').length, 1);
    });

    it('should let a caller revoke the very key they are using', async () => {
      const created = await createKey(workspace.users.rep.key, { name: 'self-destruct' });
      await expectJson(await api.request(`/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE', key: created.secret }), 200);
      await expectError(await api.request('/v1/me', { key: created.secret }), 401, 'unauthenticated');
    });

    it('should list only an analyst’s own keys, even when asked for another user’s', async () => {
      const analyst = workspace.users.analyst;
      for (const query of ['', `?userId=${workspace.users.admin.id}`, `?userId=${workspace.users.rep.id}&includeRevoked=true`]) {
        const list = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys${query}`, { key: analyst.key }), 200));
        assert.ok(list.items.length >= 1, `no keys for ${query}`);
        assert.ok(list.items.some((item) => item.id === analyst.apiKeyId));
        for (const item of list.items) assert.equal(item.userId, analyst.id, `${query} shows ${item.userId}`);
      }
      // An admin, in contrast, sees everyone's, and may filter.
      const everyone = apiKeyListSchema.parse(await expectJson(await api.request('/v1/api-keys', { key: workspace.users.admin.key }), 200));
      assert.deepEqual(new Set(everyone.items.map((item) => item.userId)), new Set(Object.values(workspace.users).map((user) => user.id)));
      const repOnly = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${workspace.users.rep.id}`, { key: workspace.users.admin.key }), 200));
      assert.ok(repOnly.items.length >= 1);
      for (const item of repOnly.items) assert.equal(item.userId, workspace.users.rep.id);
    });

    it('should answer 403 when an analyst creates a key for another user, and create none', async () => {
      const before = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${workspace.users.rep.id}&includeRevoked=true`, { key: workspace.users.admin.key }), 200));
      const response = await api.request('/v1/api-keys', { method: 'POST', key: workspace.users.analyst.key, json: { name: 'for the rep', userId: workspace.users.rep.id } });
      const error = await expectError(response, 403, 'forbidden');
      assert.match(error.message, /Only admins/);
      const after = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${workspace.users.rep.id}&includeRevoked=true`, { key: workspace.users.admin.key }), 200));
      assert.equal(after.items.length, before.items.length);
    });

    it('should let an analyst name themselves as the key’s user', async () => {
      const created = await createKey(workspace.users.analyst.key, { name: 'explicit', userId: workspace.users.analyst.id });
      assert.equal(created.apiKey.userId, workspace.users.analyst.id);
    });

    it('should answer 404 when an analyst revokes another user’s key, and keep it working', async () => {
      const rep = workspace.users.rep;
      const error = await expectError(await api.request(`/v1/api-keys/${rep.apiKeyId}`, { method: 'DELETE', key: workspace.users.analyst.key }), 404, 'not_found');
      assert.equal(error.message, `API key ${rep.apiKeyId} was not found`);
      meSchema.parse(await expectJson(await api.request('/v1/me', { key: rep.key }), 200));
      const events = await auditTrail(workspace, `&targetType=api_key&targetId=${rep.apiKeyId}`);
      assert.equal(
        events.some((event) => event.action === 'api_key.revoked'),
        false,
      );
    });

    it('should let an admin create a key for another user, acting as that user', async () => {
      const rep = workspace.users.rep;
      const created = await createKey(workspace.users.admin.key, { name: 'issued by admin', userId: rep.id, expiresInDays: 30 });
      assert.equal(created.apiKey.userId, rep.id);
      assert.equal(created.apiKey.role, 'rep');
      assert.equal(created.apiKey.createdByUserId, workspace.users.admin.id);
      assert.ok(created.apiKey.expiresAt);
      const me = meSchema.parse(await expectJson(await api.request('/v1/me', { key: created.secret }), 200));
      assert.equal(me.user.id, rep.id);
      assert.equal(me.user.role, 'rep');
      await expectError(await api.request('/v1/users', { key: created.secret }), 403, 'forbidden');
    });

    it('should let an admin revoke another user’s key', async () => {
      const created = await createKey(workspace.users.rep.key, { name: 'revoked by admin' });
      const revoked = apiKeySchema.parse(await expectJson(await api.request(`/v1/api-keys/${created.apiKey.id}`, { method: 'DELETE', key: workspace.users.admin.key }), 200));
      assert.ok(revoked.revokedAt);
      await expectError(await api.request('/v1/me', { key: created.secret }), 401, 'unauthenticated');
    });

    it('should answer 409 when creating a key for a disabled user', async () => {
      const user = await createUser(workspace, 'analyst');
      await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: workspace.users.admin.key, json: { disabled: true } }), 200);
      const error = await expectError(
        await api.request('/v1/api-keys', { method: 'POST', key: workspace.users.admin.key, json: { name: 'for a ghost', userId: user.id } }),
        409,
        'conflict',
      );
      assert.match(error.message, /disabled/);
      const list = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${user.id}&includeRevoked=true`, { key: workspace.users.admin.key }), 200));
      assert.deepEqual(list.items, []);
    });

    it('should answer 404 when creating a key for a user that does not exist', async () => {
      const missing = randomUUID();
      const error = await expectError(await api.request('/v1/api-keys', { method: 'POST', key: workspace.users.admin.key, json: { name: 'nobody', userId: missing } }), 404, 'not_found');
      assert.equal(error.message, `User ${missing} was not found`);
    });

    it('should answer 422 to a key without a name or with an impossible lifetime', async () => {
      for (const [body, field] of [
        [{}, 'body.name'],
        [{ name: '   ' }, 'body.name'],
        [{ name: 'x', expiresInDays: 0 }, 'body.expiresInDays'],
        [{ name: 'x', expiresInDays: 1.5 }, 'body.expiresInDays'],
        [{ name: 'x', userId: 'not-a-uuid' }, 'body.userId'],
      ] as const) {
        const error = await expectError(await api.request('/v1/api-keys', { method: 'POST', key: workspace.users.analyst.key, json: body }), 422, 'validation_failed');
        assert.ok(error.details?.some((detail) => detail.field === field), `${JSON.stringify(body)}: ${JSON.stringify(error.details)}`);
      }
    });

    it('should act with the user’s current role, not the role at creation', async () => {
      const user = await createUser(workspace, 'analyst');
      const created = await createKey(workspace.users.admin.key, { name: 'role follows user', userId: user.id });
      await expectError(await api.request('/v1/users', { key: created.secret }), 403, 'forbidden');
      await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: workspace.users.admin.key, json: { role: 'admin' } }), 200);
      userListSchema.parse(await expectJson(await api.request('/v1/users', { key: created.secret }), 200));
      const list = apiKeyListSchema.parse(await expectJson(await api.request(`/v1/api-keys?userId=${user.id}`, { key: workspace.users.admin.key }), 200));
      assert.equal(list.items[0]?.role, 'admin');
    });
  });

  describe('the audit trail', () => {
    let workspace: SeededWorkspace;
    before(async () => {
      workspace = await newWorkspace();
      for (let i = 0; i < 6; i++) await createUser(workspace, 'rep');
    });

    it('should reject UPDATE, DELETE and TRUNCATE, even through raw SQL', async () => {
      const count = async () => (await database.sql<{ n: number }[]>`select count(*)::int as n from audit_events where workspace_id = ${workspace.id}`)[0]!.n;
      const before = await count();
      assert.ok(before > 0);
      const appendOnly = (error: unknown) => {
        const { code, message } = error as { code?: string; message?: string };
        assert.equal(code, '42501');
        assert.match(message ?? '', /append-only/);
        return true;
      };
      await assert.rejects(database.sql`update audit_events set action = 'user.updated' where workspace_id = ${workspace.id}`, appendOnly);
      await assert.rejects(database.sql`update audit_events set request_id = null`, appendOnly);
      await assert.rejects(database.sql`delete from audit_events where workspace_id = ${workspace.id}`, appendOnly);
      await assert.rejects(database.sql`truncate audit_events`, appendOnly);
      assert.equal(await count(), before);
      const actions = await database.sql<{ action: string }[]>`select distinct action from audit_events where workspace_id = ${workspace.id}`;
      assert.equal(
        actions.some((row) => row.action === 'user.created'),
        true,
      );
    });

    it('should walk every event exactly once, newest first, with limit and nextCursor', async () => {
      const all = await auditTrail(workspace);
      assert.ok(all.length >= 7, `only ${all.length} events`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/v1/audit-events?limit=3${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const page = auditEventPageSchema.parse(await expectJson(await api.request(path, { key: workspace.users.admin.key }), 200));
        assert.ok(page.items.length <= 3);
        assert.ok(page.items.length > 0 || cursor === null, 'a cursor never leads to an empty page');
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages++;
        assert.ok(pages <= all.length + 1, 'pagination does not end');
      } while (cursor !== null);
      assert.equal(new Set(seen).size, seen.length, 'an event was repeated');
      assert.deepEqual(
        seen,
        all.map((event) => event.id),
      );
      assert.equal(pages, Math.ceil(all.length / 3));
      const ids = seen.map(BigInt);
      for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! > ids[i]!, 'newest first');
    });

    it('should end with a null nextCursor when the last page is exactly full', async () => {
      const all = await auditTrail(workspace);
      const first = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?limit=${all.length}`, { key: workspace.users.admin.key }), 200));
      assert.equal(first.items.length, all.length);
      assert.equal(first.nextCursor, null);
      const short = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?limit=${all.length - 1}`, { key: workspace.users.admin.key }), 200));
      assert.ok(short.nextCursor);
      const rest = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?limit=10&cursor=${short.nextCursor}`, { key: workspace.users.admin.key }), 200));
      assert.deepEqual(
        rest.items.map((item) => item.id),
        [all.at(-1)!.id],
      );
      assert.equal(rest.nextCursor, null);
    });

    it('should page a filtered trail too', async () => {
      const user = await createUser(workspace, 'analyst');
      for (const displayName of ['One', 'Two', 'Three']) {
        await expectJson(await api.request(`/v1/users/${user.id}`, { method: 'PATCH', key: workspace.users.admin.key, json: { displayName } }), 200);
      }
      const query = `targetType=user&targetId=${user.id}`;
      const first = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?${query}&limit=2`, { key: workspace.users.admin.key }), 200));
      const second = auditEventPageSchema.parse(await expectJson(await api.request(`/v1/audit-events?${query}&limit=2&cursor=${first.nextCursor}`, { key: workspace.users.admin.key }), 200));
      assert.deepEqual(
        [...first.items, ...second.items].map((event) => event.action),
        ['user.updated', 'user.updated', 'user.updated', 'user.created'],
      );
      assert.equal(second.nextCursor, null);
      for (const event of [...first.items, ...second.items]) assert.equal(event.targetId, user.id);
    });

    it('should answer 400 to a cursor it did not hand out', async () => {
      for (const cursor of ['abc', '0', '-1', '1.5', '1e3', '0x10', '99999999999999999999', '9999999999999999999']) {
        const response = await api.request(`/v1/audit-events?cursor=${encodeURIComponent(cursor)}`, { key: workspace.users.admin.key });
        const error = await expectError(response, 400, 'bad_request');
        assert.deepEqual(
          error.details?.map((detail) => detail.field),
          ['query.cursor'],
          `cursor ${cursor}`,
        );
      }
      // The largest bigint is still a cursor: it pages from the newest event.
      const all = await auditTrail(workspace);
      const fromTop = auditEventPageSchema.parse(await expectJson(await api.request('/v1/audit-events?limit=2&cursor=9223372036854775807', { key: workspace.users.admin.key }), 200));
      assert.deepEqual(
        fromTop.items.map((item) => item.id),
        all.slice(0, 2).map((item) => item.id),
      );
    });

    it('should answer 422 to a limit outside 1 to 500', async () => {
      for (const limit of ['0', '501', 'ten', '2.5']) {
        const error = await expectError(await api.request(`/v1/audit-events?limit=${limit}`, { key: workspace.users.admin.key }), 422, 'validation_failed');
        assert.deepEqual(
          error.details?.map((detail) => detail.field),
          ['query.limit'],
        );
      }
    });
  });
});
