import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import sinon from 'sinon';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';

type LogLine = Record<string, unknown> & { level?: number; msg?: string; req?: { id?: unknown }; err?: { message?: string; stack?: string } };

const LEVEL_INFO = 30;
const LEVEL_WARN = 40;
const LEVEL_ERROR = 50;

describe('request logging', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let workspace: SeededWorkspace;

  before(async () => {
    api = await startTestApi(database);
    workspace = await seedWorkspace(database.db, 'logging');
  });
  afterEach(() => {
    sinon.restore();
  });
  after(async () => {
    await api.close();
  });

  /**
   * Sends one request and returns its response, its request id and every line logged from the
   * moment it was sent until pino-http wrote its closing line for it.
   */
  async function logged(path: string, init: Parameters<TestApi['request']>[1] = {}) {
    const start = api.logLines.length;
    const response = await api.request(path, init);
    const text = await response.text();
    const id = response.headers.get('x-request-id');
    assert.ok(id, 'the response has an X-Request-Id');
    const isClosingLine = (line: LogLine) => line.req?.id === id && (line.msg === 'request completed' || line.msg === 'request errored');
    for (let waited = 0; !api.logLines.slice(start).some(isClosingLine); waited += 10) {
      if (waited > 2000) assert.fail(`no closing log line for request ${id}`);
      await sleep(10);
    }
    return { response, text, id, lines: api.logLines.slice(start) as LogLine[] };
  }

  it('should tag every line logged for a request with its X-Request-Id', async () => {
    const key = workspace.users.admin.key;
    const requests = [
      () => logged('/v1/me', { key }),
      () => logged('/v1/users', { key, method: 'POST', json: { displayName: 'Nope', role: 'boss' } }),
      () => logged('/v1/me'),
      () => logged('/v1/me', { key, headers: { 'x-request-id': 'caller-chosen-id-1' } }),
    ];
    for (const send of requests) {
      const { id, lines } = await send();
      assert.ok(lines.length >= 1);
      for (const line of lines) assert.equal(line.req?.id, id, JSON.stringify(line));
    }
  });

  it('should log the error handler’s line and the closing line of a failed request with the same id', async () => {
    const { id, lines } = await logged('/v1/users/not-a-uuid', { key: workspace.users.admin.key });
    assert.ok(lines.length >= 2, JSON.stringify(lines));
    assert.ok(lines.some((line) => line.req?.id === id && line.code === 'validation_failed'));
  });

  it('should never log the Authorization header or the API key', async () => {
    const start = api.logLines.length;
    const key = workspace.users.analyst.key;
    const wrongKey = `${key.slice(0, -4)}XXXX`;
    await logged('/v1/me', { key });
    await logged('/v1/users', { key });
    await logged('/v1/no-such-thing', { key });
    await logged('/v1/api-keys', { key, method: 'POST', json: { name: '' } });
    await logged('/v1/me', { key: wrongKey });
    const basic = Buffer.from(`user:${key}`).toString('base64');
    await logged('/v1/me', { headers: { authorization: `Basic ${basic}` } });
    const lines = api.logLines.slice(start);
    assert.ok(lines.length >= 6);
    const text = JSON.stringify(lines);
    assert.ok(!text.includes(key), 'the API key is in the log');
    assert.ok(!text.includes(key.slice(-16)), 'the secret part of the API key is in the log');
    assert.ok(!text.includes(wrongKey.slice(-16)), 'a wrong API key is in the log');
    assert.ok(!text.includes(basic), 'a Basic credential is in the log');
    // The 401's own guidance names the header, so look for header values rather than the word.
    assert.doesNotMatch(text, /Bearer [^<\s]|Basic [A-Za-z0-9+/]/);
    assert.doesNotMatch(text, /"headers"/);
  });

  it('should log a 500 at level error with the error', async () => {
    const failure = new Error('simulated database failure 7c1e');
    sinon.stub(database.db, 'transaction').rejects(failure);
    const { response, text, id, lines } = await logged('/v1/users', {
      key: workspace.users.admin.key,
      method: 'POST',
      json: { displayName: 'Unlucky', email: 'unlucky@logging.example.com', role: 'rep' },
    });
    assert.equal(response.status, 500);
    assert.ok(!text.includes('7c1e'));
    const errorLines = lines.filter((line) => line.level === LEVEL_ERROR);
    assert.equal(errorLines.length, 1, JSON.stringify(lines));
    const [line] = errorLines;
    assert.equal(line!.req?.id, id);
    assert.equal(line!.err?.message, failure.message);
    assert.match(line!.err?.stack ?? '', /simulated database failure 7c1e\n\s+at /);
  });

  it('should log a 4xx at info and nothing louder', async () => {
    const cases = [
      { path: '/v1/users/not-a-uuid', init: { key: workspace.users.admin.key }, status: 422 },
      { path: '/v1/users', init: { key: workspace.users.rep.key }, status: 403 },
      { path: '/v1/me', init: {}, status: 401 },
    ];
    for (const { path, init, status } of cases) {
      const { response, lines } = await logged(path, init);
      assert.equal(response.status, status);
      assert.ok(lines.some((line) => line.level === LEVEL_INFO && line.status === status), `${status}: ${JSON.stringify(lines)}`);
      assert.ok(lines.every((line) => (line.level ?? 0) < LEVEL_WARN), `${status}: ${JSON.stringify(lines)}`);
    }
  });
});
