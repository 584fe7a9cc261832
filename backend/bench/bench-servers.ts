import { once } from 'node:events';
import type { Server } from 'node:http';
import type express from 'express';
import { pino } from 'pino';
import { createHttpServer } from '../src/api/http-server.ts';
import { tuneHeapForServing } from '../src/api/heap-tuning.ts';
import { parseConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { startJobQueue } from '../src/jobs/job-queue.ts';
import { createLogger } from '../src/logger.ts';
import { assembleApi } from '../src/main.ts';

/** What the benchmark servers (api-overhead, scoring-api) share: loopback listening and the real API. */

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Listens on a free loopback port: with express's own `app.listen`, or on a server made as
 * `scorebridge serve` makes it (createHttpServer).
 */
export async function listen(app: express.Express, { asServed = false }: { asServed?: boolean } = {}): Promise<Server> {
  const server = asServed ? createHttpServer(app).listen(0, '127.0.0.1') : app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

export function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The server has no TCP address');
  return address.port;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * The environment of a real API server under load: production mode, info logging to a file (as to
 * standard output), and a rate limit that is counted but never reached.
 */
export function realApiEnvironment(databaseUrl: string, logFile: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    DATABASE_POOL_MAX: '10',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    BENCH_LOG_FILE: logFile,
  };
}

/**
 * The real API as `scorebridge serve` assembles it (assembleApi), configured from the environment,
 * logging every line as in production but to BENCH_LOG_FILE rather than a terminal.
 */
export async function startRealApi(): Promise<RunningServer> {
  // As startScorebridge does for every process that serves the API.
  tuneHeapForServing();
  const config = parseConfig(process.env);
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL must be set for the api server');
  const logFile = process.env.BENCH_LOG_FILE;
  if (!logFile) throw new Error('BENCH_LOG_FILE must be set for the api server');
  // What pino writes standard output with when `scorebridge serve` logs JSON (createLogger without
  // a destination: an asynchronous SonicBoom, each line handed to a write as it comes), here aimed
  // at a file: every log line is serialized and written as in production, but not to a terminal.
  const destination = pino.destination({ dest: logFile, sync: false, minLength: 0 });
  const logger = createLogger({ level: config.LOG_LEVEL, format: 'json', destination });
  const database = createDatabase({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX });
  const jobQueue = await startJobQueue({ url: config.DATABASE_URL, logger });
  const { app, close: closeApi } = await assembleApi({ config, logger, database, jobQueue });
  const server = await listen(app, { asServed: true });
  return {
    port: portOf(server),
    async stop() {
      await closeServer(server);
      // Also writes the prediction log rows still buffered.
      await closeApi();
      await jobQueue.stop(1000);
      await database.close();
      destination.flushSync();
    },
  };
}
