import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineRoute } from '@scorebridge/shared';
import express, { type RequestHandler } from 'express';
import sinon from 'sinon';
import { z } from 'zod';
import { seedUser } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { createLogger } from '../logger.ts';
import { LEAD_MODEL, leadRecords, useLeadModelFixture } from '../serving/test-support/lead-models.ts';
import { errorHandler } from './error-handler.ts';
import { scoreFastPath } from './score-fast-path.ts';

describe('the score fast path', function () {
  this.timeout(180_000);

  describe('which requests it takes', () => {
    const contract = defineRoute({
      method: 'post',
      path: '/v1/score',
      operationId: 'fastPathProbe',
      summary: 'A probe',
      tag: 'test',
      access: 'public',
      body: z.object({ value: z.number() }),
      response: { status: 200, schema: z.object({ doubled: z.number() }) },
    });
    let server: Server;
    let baseUrl: string;

    before(async () => {
      const app = express();
      const setsHeader: RequestHandler = (_req, res, next) => {
        res.setHeader('X-Recorded', 'once');
        next();
      };
      app.use(
        scoreFastPath({
          contract,
          handler: ({ body }) => ({ doubled: body.value * 2 }),
          headerMiddlewares: [setsHeader],
          gate: [express.json()],
          requestId: (_req, res) => {
            res.setHeader('X-Request-Id', 'probe');
            return 'probe';
          },
          logger: createLogger({ level: 'silent', format: 'json' }),
          errorHandler,
        }),
      );
      app.use((_req, res) => void res.status(299).json({ path: 'express' }));
      server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const address = server.address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    function post(path: string, headers: Record<string, string> = {}, method = 'POST') {
      return fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ value: 21 }) });
    }

    it('should answer POST /v1/score without an Origin header itself, with the recorded headers', async () => {
      const response = await post('/v1/score');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { doubled: 42 });
      assert.equal(response.headers.get('x-recorded'), 'once');
      assert.equal(response.headers.get('x-request-id'), 'probe');
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    });

    it('should leave requests with an Origin header, other paths and other methods to express', async () => {
      for (const response of [await post('/v1/score', { origin: 'https://excel.example.com' }), await post('/v1/score?x=1'), await post('/v1/score/'), await post('/v1/scores'), await post('/v1/score', {}, 'PUT')]) {
        assert.equal(response.status, 299);
        assert.deepEqual(await response.json(), { path: 'express' });
      }
    });

    it('should refuse a route it cannot serve', () => {
      assert.throws(
        () =>
          scoreFastPath({
            contract: { ...contract, method: 'get' },
            handler: () => ({ doubled: 0 }),
            headerMiddlewares: [],
            gate: [],
            requestId: () => 'x',
            logger: createLogger({ level: 'silent', format: 'json' }),
            errorHandler,
          }),
        /JSON POST route without parameters/,
      );
    });
  });

  describe('answers and logs as the express path does', () => {
    const database = useTestDatabase();
    const fixture = useLeadModelFixture(database, 'fastpath');
    const env = { BODY_LIMIT_BYTES: '4096', RATE_LIMIT_MAX: '30', CORS_ORIGINS: 'https://excel.example.com' };
    let fast: TestApi;
    let slow: TestApi;

    before(async () => {
      fast = await startTestApi(database, { ...env, SCORE_FAST_PATH: 'true' });
      slow = await startTestApi(database, { ...env, SCORE_FAST_PATH: 'false' });
    });
    afterEach(() => sinon.restore());
    after(async () => {
      await fast?.close();
      await slow?.close();
    });

    interface Sent {
      status: number;
      headers: Record<string, string>;
      body: unknown;
      lines: Record<string, unknown>[];
    }

    /** One request, its answer and its log lines, with what differs between any two requests left out. */
    async function send(api: TestApi, id: string, init: { key?: string; headers?: Record<string, string>; body?: string }): Promise<Sent> {
      const start = api.logLines.length;
      const response = await api.request('/v1/score', {
        method: 'POST',
        ...(init.key ? { key: init.key } : {}),
        headers: { 'content-type': 'application/json', 'x-request-id': id, ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const text = await response.text();
      const ofThisRequest = () => api.logLines.slice(start).filter((line) => (line.req as { id?: string } | undefined)?.id === id);
      for (let waited = 0; !ofThisRequest().some((line) => line.msg === 'request completed' || line.msg === 'request errored'); waited += 10) {
        if (waited > 2000) assert.fail(`no closing log line for request ${id}`);
        await sleep(10);
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of response.headers) {
        if (name === 'date') continue;
        // `limit=30, remaining=29, reset=60`: the reset may differ by a second between two calls.
        headers[name] = name === 'ratelimit' ? value.replace(/, reset=\d+/, '') : value;
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      if (typeof body.scoredAt === 'string') body.scoredAt = 'when';
      const lines = ofThisRequest().map(({ time: _time, pid: _pid, hostname: _hostname, responseTime, ...line }) => {
        if (line.err) line.err = { ...(line.err as object), stack: 'left out' };
        return { ...line, ...(responseTime === undefined ? {} : { responseTime: typeof responseTime }) };
      });
      return { status: response.status, headers, body, lines };
    }

    async function sendToBoth(id: string, init: Parameters<typeof send>[2]): Promise<Sent> {
      const viaFastPath = await send(fast, id, init);
      const viaExpress = await send(slow, id, init);
      assert.deepEqual(viaFastPath, viaExpress);
      return viaFastPath;
    }

    const json = (value: unknown) => JSON.stringify(value);

    it('should answer a scoring request the same, headers, body and log lines', async () => {
      const key = fixture.workspace.users.analyst.key;
      const sent = await sendToBoth('fast-ok', { key, body: json({ model: LEAD_MODEL, records: leadRecords(2, 5), reasons: 3 }) });
      assert.equal(sent.status, 200);
      assert.equal(sent.headers['x-content-type-options'], 'nosniff', "helmet's headers");
      assert.equal(sent.headers.vary, 'Origin', "CORS's headers");
      assert.match(sent.headers.ratelimit ?? '', /^limit=30, remaining=\d+$/);
      assert.equal(sent.lines.length, 1);
      assert.equal(sent.lines[0]!.msg, 'request completed');
    });

    it('should answer each refusal the same: 401, 415, 400, 413, 422, 404', async () => {
      const key = fixture.workspace.users.rep.key;
      const cases: { id: string; status: number; init: Parameters<typeof send>[2] }[] = [
        { id: 'no-key', status: 401, init: { body: json({ model: LEAD_MODEL, records: [{}] }) } },
        { id: 'wrong-key', status: 401, init: { key: `${key.slice(0, -4)}XXXX`, body: json({ model: LEAD_MODEL, records: [{}] }) } },
        { id: 'not-json', status: 415, init: { key, headers: { 'content-type': 'text/plain' }, body: 'model=x' } },
        { id: 'bad-json', status: 400, init: { key, body: '{"model": ' } },
        { id: 'not-an-object', status: 400, init: { key, body: '"score me"' } },
        { id: 'too-large', status: 413, init: { key, body: json({ model: LEAD_MODEL, records: [{ Company: 'x'.repeat(5000) }] }) } },
        { id: 'invalid', status: 422, init: { key, body: json({ model: LEAD_MODEL, records: [] }) } },
        { id: 'no-body', status: 422, init: { key } },
        { id: 'no-model', status: 404, init: { key, body: json({ model: 'No such model', records: [{}] }) } },
        { id: 'other-workspace', status: 404, init: { key: fixture.other.users.admin.key, body: json({ model: LEAD_MODEL, records: [{}] }) } },
      ];
      for (const { id, status, init } of cases) {
        const sent = await sendToBoth(id, init);
        assert.equal(sent.status, status, `${id}: ${JSON.stringify(sent.body)}`);
        assert.equal((sent.body as { error: { requestId: string } }).error.requestId, id);
        assert.equal(sent.lines.at(-1)!.msg, 'request completed');
      }
    });

    it('should count a credential’s requests once and answer 429 the same when they run out', async () => {
      const user = await seedUser(database.db, fixture.workspace, 'rep', 'Rate limited rep');
      const body = json({ model: LEAD_MODEL, records: leadRecords(1, 6) });
      for (let request = 1; request <= 30; request++) {
        const sent = await sendToBoth(`limit-${request}`, { key: user.key, body });
        assert.equal(sent.status, 200);
        assert.equal(sent.headers.ratelimit, `limit=30, remaining=${30 - request}`);
      }
      const refused = await sendToBoth('limit-over', { key: user.key, body });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
    });

    it('should answer a failure of ours the same: a 500 that tells nothing, logged at error', async () => {
      for (const api of [fast, slow]) sinon.stub(api.scoring, 'score').rejects(new Error('simulated engine failure 5b2d'));
      const sent = await sendToBoth('engine-failed', { key: fixture.workspace.users.rep.key, body: json({ model: LEAD_MODEL, records: [{}] }) });
      assert.equal(sent.status, 500);
      assert.ok(!JSON.stringify(sent.body).includes('5b2d'));
      assert.deepEqual(
        sent.lines.map((line) => [line.level, line.msg]),
        [
          [50, 'request failed'],
          [30, 'request errored'],
        ],
      );
    });

    it('should leave a request with an Origin header to the express path, which answers it with CORS headers', async () => {
      const sent = await sendToBoth('with-origin', {
        key: fixture.workspace.users.rep.key,
        headers: { origin: 'https://excel.example.com' },
        body: json({ model: LEAD_MODEL, records: leadRecords(1, 7) }),
      });
      assert.equal(sent.status, 200);
      assert.equal(sent.headers['access-control-allow-origin'], 'https://excel.example.com');
    });
  });
});
