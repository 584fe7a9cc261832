import assert from 'node:assert/strict';
import { errorBodySchema, type ErrorBody } from '@scorebridge/shared';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import sinon from 'sinon';
import { seedWorkspace } from '../../test/support/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { errorHandler } from './error-handler.ts';

const ALLOWED_ORIGIN = 'https://localhost:3000';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks the one error shape, with nothing more in it, and that its request id is the response's. */
async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const raw = JSON.parse(text) as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(raw), ['error']);
  for (const key of Object.keys(raw.error)) assert.ok(['code', 'message', 'details', 'requestId'].includes(key), `unexpected error field ${key}`);
  const body = errorBodySchema.parse(raw);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  assert.equal(body.error.requestId, response.headers.get('x-request-id'));
  return body;
}

function fields(body: ErrorBody): string[] {
  return (body.error.details ?? []).map((detail) => detail.field);
}

describe('API error shape', () => {
  const database = useTestDatabase();
  let api: TestApi;
  let adminKey: string;

  before(async () => {
    api = await startTestApi(database, { BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: ALLOWED_ORIGIN });
    adminKey = (await seedWorkspace(database.db, 'errors')).users.admin.key;
  });
  afterEach(() => {
    sinon.restore();
  });
  after(async () => {
    await api.close();
  });

  describe('request bodies', () => {
    it('should answer a body that is not valid JSON with 400 invalid_json', async () => {
      const response = await api.request('/v1/users', { key: adminKey, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role": ' });
      await expectError(response, 400, 'invalid_json');
    });

    it('should answer a body over BODY_LIMIT_BYTES with 413 payload_too_large', async () => {
      const json = { displayName: 'Big', email: 'big@errors.example.com', role: 'rep', padding: 'x'.repeat(3000) };
      const body = await expectError(await api.request('/v1/users', { key: adminKey, method: 'POST', json }), 413, 'payload_too_large');
      assert.match(body.error.message, /2048/);
    });

    it('should accept a body just under BODY_LIMIT_BYTES', async () => {
      // Unknown fields are dropped by validation, so padding only makes the body larger.
      const json = { displayName: 'Almost big', email: 'almost@errors.example.com', role: 'rep', padding: 'x'.repeat(1800) };
      const response = await api.request('/v1/users', { key: adminKey, method: 'POST', json });
      assert.equal(response.status, 201, await response.text());
    });

    it('should answer a body that is not JSON with 415', async () => {
      const response = await api.request('/v1/users', { key: adminKey, method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'role=admin' });
      const body = await expectError(response, 415, 'unsupported_media_type');
      assert.match(body.error.message, /application\/json/);
    });
  });

  describe('unknown routes', () => {
    it('should answer an unknown root path with 404, with or without a credential', async () => {
      await expectError(await api.request('/no-such-thing'), 404, 'not_found');
      await expectError(await api.request('/no-such-thing', { key: adminKey }), 404, 'not_found');
    });

    it('should answer an unknown /v1 path with 401 without a credential and 404 with one', async () => {
      await expectError(await api.request('/v1/no-such-thing'), 401, 'unauthenticated');
      await expectError(await api.request('/v1/no-such-thing', { key: adminKey }), 404, 'not_found');
    });

    it('should answer a method a path does not have with 404', async () => {
      await expectError(await api.request('/v1/users', { key: adminKey, method: 'DELETE' }), 404, 'not_found');
    });
  });

  describe('validation', () => {
    it('should name body.role when the role is not one of the roles', async () => {
      const json = { displayName: 'Boss', email: 'boss@errors.example.com', role: 'boss' };
      const body = await expectError(await api.request('/v1/users', { key: adminKey, method: 'POST', json }), 422, 'validation_failed');
      assert.deepEqual(fields(body), ['body.role']);
    });

    it('should name params.userId when the path holds no uuid', async () => {
      const body = await expectError(await api.request('/v1/users/not-a-uuid', { key: adminKey }), 422, 'validation_failed');
      assert.deepEqual(fields(body), ['params.userId']);
    });

    it('should name query.limit when the limit is out of range', async () => {
      const body = await expectError(await api.request('/v1/audit-events?limit=0', { key: adminKey }), 422, 'validation_failed');
      assert.deepEqual(fields(body), ['query.limit']);
    });

    it('should answer a path that is not valid percent-encoding with 400', async () => {
      await expectError(await api.request('/v1/users/%E0%A4%A', { key: adminKey }), 400, 'bad_request');
    });
  });

  describe('unexpected failures', () => {
    it('should answer 500 without the error message or stack when a dependency throws', async () => {
      sinon.stub(database.db, 'transaction').rejects(new Error('connection to 10.1.2.3 refused: password=hunter2'));
      const json = { displayName: 'Unlucky', email: 'unlucky@errors.example.com', role: 'rep' };
      const response = await api.request('/v1/users', { key: adminKey, method: 'POST', json });
      const body = await expectError(response, 500, 'internal_error');
      const text = JSON.stringify(body);
      assert.doesNotMatch(text, /hunter2|10\.1\.2\.3|refused/);
      assert.doesNotMatch(text, /\bat .+:\d+:\d+|\.ts\b|node_modules/);
    });

    it('should turn a plain Error into a generic 500 in the error handler itself', () => {
      const error = new Error('select * from api_keys failed: secret sbk_live_123');
      const log = { error: sinon.spy(), info: sinon.spy() };
      const res = {
        headersSent: false,
        statusCode: 200,
        body: undefined as unknown,
        getHeader: () => undefined,
        setHeader: sinon.spy(),
        destroy: sinon.spy(),
        status(code: number) {
          this.statusCode = code;
          return this;
        },
        json(payload: unknown) {
          this.body = payload;
          return this;
        },
      };
      const next = sinon.spy();
      errorHandler(error, { id: 'req-42', log } as unknown as ExpressRequest, res as unknown as ExpressResponse, next as unknown as NextFunction);

      assert.equal(res.statusCode, 500);
      const body = errorBodySchema.parse(res.body);
      assert.equal(body.error.code, 'internal_error');
      assert.equal(body.error.requestId, 'req-42');
      const text = JSON.stringify(res.body);
      assert.ok(!text.includes('api_keys') && !text.includes('sbk_live_123'), text);
      assert.ok(!text.includes(error.stack!.split('\n')[1]!.trim()), text);
      assert.equal(log.error.callCount, 1);
      assert.equal((log.error.firstCall.args[0] as { err: unknown }).err, error);
      assert.equal(next.callCount, 0);
    });
  });

  describe('request ids', () => {
    it('should give every error body the X-Request-Id of its response', async () => {
      const responses = [
        await api.request('/nowhere'),
        await api.request('/v1/me'),
        await api.request('/v1/me', { key: 'sbk_not_a_real_key' }),
        await api.request('/v1/users/not-a-uuid', { key: adminKey }),
      ];
      const ids = new Set<string>();
      for (const response of responses) {
        const body = errorBodySchema.parse(await response.json());
        const header = response.headers.get('x-request-id');
        assert.match(header ?? '', UUID_PATTERN);
        assert.equal(body.error.requestId, header);
        ids.add(header!);
      }
      assert.equal(ids.size, responses.length, 'each request gets an id of its own');
    });

    it('should echo a well-formed incoming X-Request-Id', async () => {
      const id = 'excel-batch.42:7f3a_b-1';
      const response = await api.request('/v1/no-such-thing', { key: adminKey, headers: { 'x-request-id': id } });
      assert.equal(response.headers.get('x-request-id'), id);
      const body = await expectError(response, 404, 'not_found');
      assert.equal(body.error.requestId, id);
    });

    it('should replace a malformed or overlong incoming X-Request-Id', async () => {
      for (const garbage of ['<script>alert(1)</script>', 'has spaces in it', 'x'.repeat(65)]) {
        const response = await api.request('/v1/me', { headers: { 'x-request-id': garbage } });
        const header = response.headers.get('x-request-id');
        assert.notEqual(header, garbage);
        assert.match(header ?? '', UUID_PATTERN);
        const body = await expectError(response, 401, 'unauthenticated');
        assert.equal(body.error.requestId, header);
      }
    });
  });

  describe('security headers', () => {
    it('should send helmet’s headers and no X-Powered-By on successes and errors', async () => {
      for (const response of [await api.request('/health'), await api.request('/v1/me'), await api.request('/nowhere', { key: adminKey })]) {
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
        assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN');
        assert.equal(response.headers.get('x-powered-by'), null);
        await response.body?.cancel();
      }
    });
  });

  describe('CORS', () => {
    it('should allow a listed origin and expose the request id to it', async () => {
      const response = await api.request('/v1/me', { key: adminKey, headers: { origin: ALLOWED_ORIGIN } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.match(response.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/i);
      assert.match(response.headers.get('access-control-expose-headers') ?? '', /Retry-After/i);
    });

    it('should let a listed origin read error responses', async () => {
      const response = await api.request('/v1/me', { headers: { origin: ALLOWED_ORIGIN } });
      assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      await expectError(response, 401, 'unauthenticated');
    });

    it('should answer a preflight from a listed origin without a credential', async () => {
      const response = await api.request('/v1/me', {
        method: 'OPTIONS',
        headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      assert.ok(response.status >= 200 && response.status < 300, `preflight answered ${response.status}`);
      assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /\bAuthorization\b/i);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /\bGET\b/);
    });

    it('should give an origin that is not listed no Access-Control-Allow-Origin', async () => {
      const other = 'https://evil.example.com';
      const simple = await api.request('/v1/me', { key: adminKey, headers: { origin: other } });
      assert.equal(simple.headers.get('access-control-allow-origin'), null);
      const preflight = await api.request('/v1/me', { method: 'OPTIONS', headers: { origin: other, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    });
  });
});
