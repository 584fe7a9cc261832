import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { ADDIN_PATH, serveAddin } from '../../../backend/src/addin-hosting/index.ts';
import { buildAddin } from '../../scripts/build.ts';

export interface PaneServer {
  /** The shared runtime's page: http://127.0.0.1:<port>/addin/taskpane.html */
  pageUrl: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * The add-in built by its own build (functions, task pane, the shared runtime's page) into a
 * temporary directory and served by the backend's add-in hosting (its headers and content security
 * policy) on a loopback port of its own: the pane calls the API on another origin, as it does when
 * the add-in is hosted apart from the service, and addin/dist is left alone.
 */
export async function startPaneServer(): Promise<PaneServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'scorebridge-pane-'));
  await buildAddin({ outDir: directory });
  const app = express();
  app.use(ADDIN_PATH, serveAddin({ directory }));
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: `${origin}${ADDIN_PATH}/taskpane.html`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
