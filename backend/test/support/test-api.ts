import { once } from 'node:events';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config.ts';
import { startJobQueue, type JobQueue } from '../../src/jobs/job-queue.ts';
import { assembleApi } from '../../src/main.ts';
import { createLogger } from '../../src/logger.ts';
import type { ScoringEngine } from '../../src/serving/index.ts';
import type { TestDatabase } from './test-database.ts';

export interface TestApi {
  baseUrl: string;
  /** Every log line the API wrote, parsed. */
  logLines: Record<string, unknown>[];
  jobQueue: JobQueue;
  /** The API's scoring engine: its caches, prediction log and shadow queue. */
  scoring: ScoringEngine;
  /** fetch against the API with an optional bearer credential. */
  request(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
  /** Also run by the test database before it is dropped (TestDatabase.closeBeforeDrop). */
  close(): Promise<void>;
}

/**
 * The real HTTP API on a loopback port, over the test file's database and a real pg-boss.
 * `env` overrides configuration as environment variables would.
 */
export async function startTestApi(database: TestDatabase, env: Record<string, string> = {}): Promise<TestApi> {
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, ...env });
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger({ level: env.LOG_LEVEL === undefined ? 'info' : config.LOG_LEVEL, format: 'json', destination });
  const jobQueue = await startJobQueue({ url: database.url, logger });
  const { app, scoring, close: closeApi } = await assembleApi({ config, logger, database, jobQueue });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  let closing: Promise<void> | undefined;
  /** Stops everything; a second call waits for the first. */
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeApi();
      await jobQueue.stop(1000);
    })());
  database.closeBeforeDrop(close);

  return {
    baseUrl,
    logLines,
    jobQueue,
    scoring,
    request(path, { key, json, headers, ...init } = {}) {
      const merged = new Headers(headers);
      if (key !== undefined) merged.set('authorization', `Bearer ${key}`);
      if (json !== undefined) merged.set('content-type', 'application/json');
      return fetch(`${baseUrl}${path}`, { ...init, headers: merged, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    close,
  };
}
