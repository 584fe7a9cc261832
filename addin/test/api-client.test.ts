import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registryRoutes, trainingRoutes } from '@scorebridge/shared';
import { ApiError, createApiClient } from '../src/api/index.ts';

describe('the add-in API client', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method: string; url: string; authorization: string | undefined }[] = [];

  before(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization });
      if (request.url === '/v1/models/Lead%20conversion') {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Model "Lead conversion" was not found', requestId: 'r1' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('should fill path parameters, send the credential, and parse the response with the contract', async () => {
    const client = createApiClient({ baseUrl, credential: () => 'sbk_test' });
    assert.deepEqual(await client.call(trainingRoutes.experiments), { items: [] });
    await assert.rejects(client.call(registryRoutes.get, { params: { modelName: 'Lead conversion' } }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.deepEqual([error.status, error.code, error.message, error.requestId], [404, 'not_found', 'Model "Lead conversion" was not found', 'r1']);
      return true;
    });
    assert.deepEqual(seen.map((call) => [call.method, call.url, call.authorization]), [
      ['GET', '/v1/experiments', 'Bearer sbk_test'],
      ['GET', '/v1/models/Lead%20conversion', 'Bearer sbk_test'],
    ]);
  });

  it('should refuse to call without a credential, and name an unreachable service', async () => {
    await assert.rejects(createApiClient({ baseUrl, credential: () => null }).call(trainingRoutes.experiments), /Not signed in/);
    await assert.rejects(createApiClient({ baseUrl: 'http://127.0.0.1:9', credential: () => 'k' }).call(trainingRoutes.experiments), (error: unknown) => error instanceof ApiError && error.code === 'network_error' && /Scoring service unreachable/.test(error.message));
  });
});
