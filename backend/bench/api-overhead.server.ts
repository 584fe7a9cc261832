import { once } from 'node:events';
import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { assembleApi } from '../src/main.ts';
import { parseConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { startJobQueue } from '../src/jobs/job-queue.ts';
import { createLogger } from '../src/logger.ts';

/**
 * The server side of api-overhead.bench.ts, run as a child process so that the server and the load
 * generator each have their own event loop, as they would on separate machines.
 *
 *   node api-overhead.server.ts bare   express 5 with no middleware, GET /bare
 *   node api-overhead.server.ts api    the real Scorebridge API (createApp), configured from the environment
 *
 * It listens on a free loopback port, sends `{ type: 'listening', port }` to the parent over IPC,
 * answers `cpu` with its CPU time so far (`{ type: 'cpu', micros }`), and shuts down when the
 * parent sends `stop` or goes away.
 */

type Stop = () => Promise<void>;

async function listen(app: express.Express): Promise<Server> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The server has no TCP address');
  return address.port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function startBare(): Promise<{ port: number; stop: Stop }> {
  const app = express();
  app.get('/bare', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const server = await listen(app);
  return { port: portOf(server), stop: () => closeServer(server) };
}

async function startApi(): Promise<{ port: number; stop: Stop }> {
  const config = parseConfig(process.env);
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL must be set for the api server');
  const logFile = process.env.BENCH_LOG_FILE;
  if (!logFile) throw new Error('BENCH_LOG_FILE must be set for the api server');
  // pino.destination is what pino uses for standard output (a synchronous SonicBoom), here aimed
  // at a file: every log line is serialized and written as in production, but not to a terminal.
  const destination = pino.destination({ dest: logFile, sync: true });
  const logger = createLogger({ level: config.LOG_LEVEL, format: 'json', destination });
  const database = createDatabase({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX });
  const jobQueue = await startJobQueue({ url: config.DATABASE_URL, logger });
  const { app, close: closeApi } = await assembleApi({ config, logger, database, jobQueue });
  const server = await listen(app);
  return {
    port: portOf(server),
    async stop() {
      await closeServer(server);
      await closeApi();
      await jobQueue.stop(1000);
      await database.close();
      destination.flushSync();
    },
  };
}

const mode = process.argv[2];
if (mode !== 'bare' && mode !== 'api') throw new Error(`Usage: node api-overhead.server.ts bare|api (got ${mode ?? 'nothing'})`);
if (!process.send) throw new Error('api-overhead.server.ts runs as a child process of the benchmark (with an IPC channel)');

const running = mode === 'bare' ? await startBare() : await startApi();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await running.stop();
    process.exitCode = 0;
  } catch (error) {
    console.error('[bench server] error while stopping:', error);
    process.exitCode = 1;
  } finally {
    process.disconnect?.();
  }
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: user + system });
  }
});
process.once('disconnect', () => void stop());
process.send({ type: 'listening', port: running.port });
