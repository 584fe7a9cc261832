import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import express from 'express';
import { createHttpServer, createHttpsServer } from './http-server.ts';
import { loadOrCreateDevCertificate } from '../addin-hosting/dev-certificate.ts';

describe('HTTP servers for an express app', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** An app answering with what express made of the request, and the prototypes it arrived with. */
  function appSeeingPrototypes() {
    const app = express();
    const arrived: { request: boolean; response: boolean }[] = [];
    app.get('/echo', (req, res) => {
      res.json({ query: req.query, path: req.path, ip: req.ip });
    });
    const observe = (req: IncomingMessage, res: ServerResponse) => {
      // Listeners run in order; this one runs before express's, on the objects as Node made them.
      arrived.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response });
    };
    return { app, arrived, observe };
  }

  async function listening(server: Server): Promise<number> {
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    return address.port;
  }

  it("should hand express requests and responses that already have the app's prototypes", async () => {
    const { app, arrived, observe } = appSeeingPrototypes();
    const server = createHttpServer(app);
    server.prependListener('request', observe);
    const port = await listening(server);
    for (let request = 0; request < 3; request++) {
      const response = await fetch(`http://127.0.0.1:${port}/echo?team=north&n=${request}`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { query: { team: 'north', n: String(request) }, path: '/echo', ip: '127.0.0.1' });
    }
    assert.deepEqual(arrived, Array.from({ length: 3 }, () => ({ request: true, response: true })));
  });

  it("should not be what express's own listen does (the test above can tell them apart)", async () => {
    const { app, arrived, observe } = appSeeingPrototypes();
    const server = app.listen(0, '127.0.0.1');
    server.prependListener('request', observe);
    servers.push(server);
    await once(server, 'listening');
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    assert.equal((await fetch(`http://127.0.0.1:${address.port}/echo`)).status, 200);
    assert.deepEqual(arrived, [{ request: false, response: false }]);
  });

  it('should do the same over HTTPS', async () => {
    const { app, arrived, observe } = appSeeingPrototypes();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-https-'));
    const certificate = await loadOrCreateDevCertificate(dataDir).finally(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = createHttpsServer(app, certificate);
    server.prependListener('request', observe);
    const port = await listening(server);
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest(`https://localhost:${port}/echo`, { ca: certificate.cert }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 200);
    assert.deepEqual(arrived, [{ request: true, response: true }]);
  });
});
