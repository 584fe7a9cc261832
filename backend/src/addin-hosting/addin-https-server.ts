import { once } from 'node:events';
import type { Server } from 'node:https';
import type { Express } from 'express';
import { createHttpsServer } from '../api/http-server.ts';
import type { Logger } from '../logger.ts';
import { ADDIN_PATH } from './addin-static.ts';
import { loadOrCreateDevCertificate } from './dev-certificate.ts';

/**
 * The development HTTPS listener: the same express app (API and add-in) on https://localhost:<port>,
 * with the certificate from the data directory. The add-in's pages and the API it calls then share
 * one origin, which Office requires to be HTTPS.
 */

export interface AddinHttpsServer {
  origin: string;
  /** The task pane page, the one to open once in a browser to check the certificate is trusted. */
  url: string;
  port: number;
  certificatePath: string;
  certificateCreated: boolean;
  close(timeoutMs: number): Promise<void>;
}

export async function startAddinHttpsServer({ app, host, port, dataDir, logger }: { app: Express; host: string; port: number; dataDir: string; logger: Logger }): Promise<AddinHttpsServer> {
  const certificate = await loadOrCreateDevCertificate(dataDir);
  if (certificate.created) logger.info({ certificate: certificate.certPath, validTo: certificate.validTo.toISOString() }, 'created a self-signed certificate for https://localhost');
  const server: Server = createHttpsServer(app, { cert: certificate.cert, key: certificate.key });
  server.listen(port, host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const origin = `https://localhost:${actualPort}`;
  return {
    origin,
    url: `${origin}${ADDIN_PATH}/taskpane.html`,
    port: actualPort,
    certificatePath: certificate.certPath,
    certificateCreated: certificate.created,
    async close(timeoutMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
