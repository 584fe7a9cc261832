import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLoop } from '../bench/load.ts';
import { parseAnswer } from '../bench/raw-http-pool.ts';

/** The benchmarks' open-loop generator against real loopback servers: what it counts is what happened. */
describe('benchmark open loop (raw keep-alive connections)', function () {
  this.timeout(20_000);
  let server: http.Server;
  let handler: http.RequestListener;

  before(async () => {
    server = http.createServer((req, res) => handler(req, res)).listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/score?x=1`;

  it('should send the request as given and time every answer, reusing keep-alive connections', async () => {
    const seen: { method: string; url: string; body: string; type: string | undefined }[] = [];
    const sockets = new Set<unknown>();
    handler = (req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, body, type: req.headers['content-type'] });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, echo: body.length }));
      });
    };
    const outcome = await openLoop({ url: url(), method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"records":[{"a":"é"}]}', rate: 200, durationSeconds: 0.5, warmupSeconds: 0 });
    assert.equal(outcome.responses, 100);
    assert.equal(outcome.errors, 0);
    assert.deepEqual(outcome.statusCodes, { 200: 100 });
    assert.ok(outcome.latencyMs.p50 > 0 && outcome.latencyMs.max < 5000);
    assert.deepEqual(seen[0], { method: 'POST', url: '/score?x=1', body: '{"records":[{"a":"é"}]}', type: 'application/json' });
    assert.ok(sockets.size <= 10, `${sockets.size} connections for 100 spaced requests`);
  });

  it('should count answers that are not 2xx, and connections the server drops, and still finish', async () => {
    let count = 0;
    handler = (req, res) => {
      count += 1;
      if (count % 5 === 0) {
        req.socket.destroy();
        return;
      }
      if (count % 5 === 1) res.setHeader('connection', 'close');
      res.statusCode = count % 5 === 2 ? 429 : 200;
      res.end('{}');
    };
    const outcome = await openLoop({ url: url(), rate: 200, durationSeconds: 0.5, warmupSeconds: 0 });
    assert.equal(outcome.responses + outcome.errors, 100);
    assert.equal(outcome.errors, 20);
    assert.ok(Object.keys(outcome.errorKinds).length > 0);
    assert.equal(outcome.non2xx, 20);
    assert.equal(outcome.statusCodes[429], 20);
  });

  it('should read an answer only once its header and body have all arrived', () => {
    const answer = Buffer.from('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    assert.equal(parseAnswer(answer.subarray(0, 20)), 'incomplete');
    assert.equal(parseAnswer(answer.subarray(0, answer.length - 1)), 'incomplete');
    assert.deepEqual(parseAnswer(answer), { status: 201, close: false });
    assert.deepEqual(parseAnswer(Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')), { status: 200, close: true });
    assert.ok('error' in (parseAnswer(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n')) as object));
    assert.ok('error' in (parseAnswer(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n')) as object));
  });
});
