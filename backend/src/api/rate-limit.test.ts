import assert from 'node:assert/strict';
import { errorBodySchema } from '@scorebridge/shared';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';

const MAX = 3;
const WINDOW_SECONDS = 3600;

describe('per-credential rate limit', () => {
  const database = useTestDatabase();
  let workspace: SeededWorkspace;
  let api: TestApi;

  before(async () => {
    workspace = await seedWorkspace(database.db, 'limits');
  });
  // Counters live in the app's memory, so a fresh API gives each test fresh counters.
  beforeEach(async () => {
    api = await startTestApi(database, { RATE_LIMIT_MAX: String(MAX), RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) });
  });
  afterEach(async () => {
    await api.close();
  });

  async function statuses(count: number, key?: string): Promise<number[]> {
    const seen: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await api.request('/v1/me', key === undefined ? {} : { key });
      await response.body?.cancel();
      seen.push(response.status);
    }
    return seen;
  }

  it('should answer the request after the limit with 429 rate_limited and Retry-After', async () => {
    const key = workspace.users.admin.key;
    assert.deepEqual(await statuses(MAX, key), [200, 200, 200]);

    const response = await api.request('/v1/me', { key });
    assert.equal(response.status, 429);
    const retryAfter = response.headers.get('retry-after') ?? '';
    assert.match(retryAfter, /^\d+$/);
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= WINDOW_SECONDS, `Retry-After ${retryAfter}`);
    const body = errorBodySchema.parse(await response.json());
    assert.equal(body.error.code, 'rate_limited');
    assert.equal(body.error.requestId, response.headers.get('x-request-id'));
    assert.match(body.error.message, new RegExp(`${retryAfter} s`));
  });

  it('should keep limiting a key for the rest of the window', async () => {
    const key = workspace.users.rep.key;
    assert.deepEqual(await statuses(MAX + 3, key), [200, 200, 200, 429, 429, 429]);
  });

  it('should count each key of a workspace separately', async () => {
    assert.deepEqual(await statuses(MAX + 1, workspace.users.admin.key), [200, 200, 200, 429]);
    assert.deepEqual(await statuses(MAX, workspace.users.analyst.key), [200, 200, 200]);
    assert.deepEqual(await statuses(1, workspace.users.admin.key), [429]);
  });

  it('should answer requests without a valid credential with 401, not 429', async () => {
    assert.deepEqual(await statuses(MAX + 2), [401, 401, 401, 401, 401]);
    assert.deepEqual(await statuses(MAX + 2, 'sbk_not_a_real_key'), [401, 401, 401, 401, 401]);
    assert.deepEqual(await statuses(MAX + 1, workspace.users.service.key), [200, 200, 200, 429]);
    assert.deepEqual(await statuses(2), [401, 401]);
  });

  it('should not limit the public routes', async () => {
    for (let i = 0; i < MAX + 2; i += 1) {
      const response = await api.request('/health');
      assert.equal(response.status, 200);
      await response.body?.cancel();
    }
  });
});
