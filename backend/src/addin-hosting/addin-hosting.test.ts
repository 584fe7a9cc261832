import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { createLogger } from '../logger.ts';
import { addinHttpsPort, ADDIN_PATH, loadOrCreateDevCertificate, serveAddin, sideloadInstructions, startAddinHttpsServer, type AddinHttpsServer } from './index.ts';

function httpsGet(url: string, ca: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('serving the Excel add-in over HTTPS in development', function () {
  this.timeout(30_000);
  let root: string;
  let server: AddinHttpsServer | undefined;
  const logger = createLogger({ level: 'silent', format: 'json' });

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-addin-hosting-'));
  });
  afterEach(async () => {
    await server?.close(1000);
    server = undefined;
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('should make a certificate for localhost on first start, keep its key private, and reuse it', async () => {
    const dataDir = path.join(root, 'certs');
    const first = await loadOrCreateDevCertificate(dataDir);
    assert.equal(first.created, true);
    const certificate = new X509Certificate(first.cert);
    assert.equal(certificate.checkHost('localhost'), 'localhost');
    assert.equal(certificate.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(statSync(path.join(dataDir, 'tls', 'localhost-key.pem')).mode & 0o777, 0o600);
    const again = await loadOrCreateDevCertificate(dataDir);
    assert.deepEqual([again.created, again.cert], [false, first.cert]);
    const nearExpiry = await loadOrCreateDevCertificate(dataDir, new Date(Date.now() + 350 * 86_400_000));
    assert.equal(nearExpiry.created, true, 'a certificate about to expire is replaced');
  });

  it('should serve the built add-in and the API on one https://localhost origin, with headers that let Office frame the pane', async () => {
    const dist = path.join(root, 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(path.join(dist, 'taskpane.html'), '<!doctype html><title>Scorebridge</title>');
    writeFileSync(path.join(dist, 'functions.json'), '{"functions":[]}');
    const app = express();
    app.set('etag', false); // as createApp does: the add-in's files still get one
    app.use(ADDIN_PATH, serveAddin({ directory: dist }));
    app.use(helmet());
    app.get('/health', (_req, res) => res.json({ status: 'ok' }));

    server = await startAddinHttpsServer({ app, host: '127.0.0.1', port: 0, dataDir: root, logger });
    assert.equal(server.url, `https://localhost:${server.port}/addin/taskpane.html`);
    const ca = (await loadOrCreateDevCertificate(root)).cert;
    const page = await httpsGet(`https://localhost:${server.port}/addin/taskpane.html`, ca);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Scorebridge<\/title>/);
    assert.ok(page.headers.etag, 'the pane is revalidated by its ETag');
    assert.equal(page.headers['x-frame-options'], undefined, 'Office frames the pane');
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'self' https:\/\/\*\.officeapps\.live\.com/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self' https:\/\/appsforoffice\.microsoft\.com/);
    assert.equal((await httpsGet(`https://localhost:${server.port}/addin/`, ca)).status, 200, 'the folder opens the pane');

    const api = await httpsGet(`https://localhost:${server.port}/health`, ca);
    assert.deepEqual([api.status, api.headers['x-frame-options']], [200, 'SAMEORIGIN'], 'the API keeps its own headers');
    assert.equal((await httpsGet(`https://localhost:${server.port}/addin/nothing.js`, ca)).status, 404);
  });

  it('should say how to build the add-in when it is not built', async () => {
    const app = express();
    app.use(ADDIN_PATH, serveAddin({ directory: path.join(root, 'not-built') }));
    server = await startAddinHttpsServer({ app, host: '127.0.0.1', port: 0, dataDir: root, logger });
    const missing = await httpsGet(`https://localhost:${server.port}/addin/taskpane.html`, (await loadOrCreateDevCertificate(root)).cert);
    assert.equal(missing.status, 404);
    assert.match(missing.body, /npm run build:addin/);
  });

  it('should listen in development by default, and not in production or tests unless asked', () => {
    assert.equal(addinHttpsPort({ NODE_ENV: 'development', ADDIN_HTTPS_PORT: undefined }), 8443);
    assert.equal(addinHttpsPort({ NODE_ENV: 'production', ADDIN_HTTPS_PORT: undefined }), null);
    assert.equal(addinHttpsPort({ NODE_ENV: 'test', ADDIN_HTTPS_PORT: 9443 }), 9443);
    assert.equal(addinHttpsPort({ NODE_ENV: 'development', ADDIN_HTTPS_PORT: 0 }), null);
  });

  it('should print how to trust the certificate and sideload the manifest, for each platform', () => {
    const addin = { url: 'https://localhost:8443/addin/taskpane.html', port: 8443, certificatePath: '/data/tls/localhost.pem', certificateCreated: true };
    const mac = sideloadInstructions(addin, 'darwin').join('\n');
    assert.match(mac, /security add-trusted-cert .*"\/data\/tls\/localhost\.pem"/);
    assert.match(mac, /Sideload manifests\/manifest\.dev\.xml/);
    assert.match(mac, /Upload My Add-in/);
    assert.match(mac, /~\/Library\/Containers\/com\.microsoft\.Excel\/Data\/Documents\/wef/);
    const windows = sideloadInstructions({ ...addin, port: 9443 }, 'win32').join('\n');
    assert.match(windows, /certutil -user -addstore Root/);
    assert.match(windows, /npm run manifests -- --dev-port 9443/);
    assert.match(windows, /Trusted Add-in Catalogs/);
  });
});
