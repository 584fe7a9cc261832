import type { Server } from 'node:http';
import { once } from 'node:events';
import type { Express } from 'express';
import { addinHttpsPort, startAddinHttpsServer, type AddinHttpsServer } from './addin-hosting/index.ts';
import { createApp } from './api/app.ts';
import { createHttpServer } from './api/http-server.ts';
import { missingServingNodeOptions, tuneHeapForServing } from './api/heap-tuning.ts';
import { readVersionInfo, type VersionInfo } from './api/version-info.ts';
import { clearOnCredentialChanges, createCredentialCache, createJwtVerifier, type CachedCredential } from './auth/index.ts';
import type { Config } from './config.ts';
import { createDatabase, type DatabaseConnection } from './db/client.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.ts';
import { runMigrations } from './db/migrate.ts';
import { startScoringEngine, workerThreadStore, type ScoringEngine } from './serving/index.ts';
import { allJobs } from './jobs/all-jobs.ts';
import { createLazyVault, DEFAULT_SYNC_SETTINGS } from './crm/index.ts';
import type { CredentialVault } from './crm/credential-vault.ts';
import { startJobQueue, type JobQueue } from './jobs/job-queue.ts';
import type { Logger } from './logger.ts';
import { loadDemoDatasets, queueDemoTraining } from './workspaces/demo-data.ts';
import { startDemoSalesforce } from './workspaces/demo-salesforce.ts';
import { DEMO_WORKSPACE, installIfEmpty, type CreatedWorkspace } from './workspaces/installation.ts';
import { listWorkspaces } from './workspaces/workspaces.repo.ts';

/**
 * The composition root: config -> database (embedded when DATABASE_URL is unset) -> migrations ->
 * job queue -> HTTP API and/or workers. `stop()` undoes it in reverse order.
 */

/** Changes arrive by notification within milliseconds; the TTL only bounds a missed one. */
export const CREDENTIAL_CACHE = Object.freeze({ ttlMs: 60_000, maxEntries: 10_000 });

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Serve the HTTP API. */
  api: boolean;
  /** Consume jobs in this process. */
  worker: boolean;
  /** Create the demo workspace and an admin key when the database has no workspace. */
  install: boolean;
}

export interface RunningScorebridge {
  /** Base URL of the API, when it is served. */
  url: string | undefined;
  databaseUrl: string;
  embedded: boolean;
  installation: CreatedWorkspace | undefined;
  /** The demo workspace's Salesforce stand-in, when `npm start` runs one. */
  demoSalesforceUrl: string | undefined;
  /** The development HTTPS listener serving the Excel add-in, when ADDIN_HTTPS_PORT is on. */
  addin: AddinHttpsServer | undefined;
  jobQueue: JobQueue;
  stop(): Promise<void>;
}

export async function startScorebridge({ config, logger, api, worker, install }: StartOptions): Promise<RunningScorebridge> {
  // Before the process allocates much: V8's pretenuring would otherwise learn from large requests
  // to make every request's objects old (decision 0025); young collections on the main thread
  // alone (decision 0029); the memory reducer off, which only node's command line can do
  // (decision 0032).
  if (api) {
    tuneHeapForServing();
    const missing = missingServingNodeOptions();
    if (missing.length > 0 && config.NODE_ENV === 'production') {
      logger.warn({ missing }, `node was started without ${missing.join(' ')}: the API may pause for tens of milliseconds to shrink its heap after quiet spells (npm start, npm run scorebridge and the Docker image pass it)`);
    }
  }
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ err: error }, 'error during shutdown');
      }
    }
    cleanups.length = 0;
  };

  try {
    let embedded: EmbeddedPostgres | undefined;
    if (!config.DATABASE_URL) {
      embedded = await startEmbeddedPostgres({ dataDir: config.SCOREBRIDGE_DATA_DIR, port: config.EMBEDDED_POSTGRES_PORT, logger });
      cleanups.push(() => embedded!.stop());
    }
    const databaseUrl = config.DATABASE_URL ?? embedded!.url;

    await runMigrations(databaseUrl);
    const database = createDatabase({ url: databaseUrl, poolMax: config.DATABASE_POOL_MAX });
    cleanups.push(() => database.close());

    const jobQueue = await startJobQueue({ url: databaseUrl, logger, heartbeatSeconds: config.JOB_HEARTBEAT_SECONDS, monitorIntervalSeconds: config.JOB_MONITOR_INTERVAL_SECONDS });
    // Registered after the pools so that it runs first: workers finish before the database closes.
    const stopJobQueue = () => jobQueue.stop(config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    cleanups.push(stopJobQueue);
    const vault = createLazyVault(config);
    const version = readVersionInfo();
    const jobs = allJobs({ db: database.db, sql: database.sql, vault, logger, settings: DEFAULT_SYNC_SETTINGS, codeVersion: version.commit, jobQueue });
    await jobQueue.registerAll(jobs);
    if (worker) await jobQueue.work(jobs, { concurrency: config.WORKER_CONCURRENCY });

    const installation = install ? await installIfEmpty(database.db) : undefined;
    if (installation) {
      const [leadsId] = await loadDemoDatasets(database.db, installation.workspaceId, logger);
      if (leadsId) await queueDemoTraining(database.db, jobQueue, installation.workspaceId, leadsId);
    }
    let demoSalesforceUrl: string | undefined;
    if (install && config.DEMO_SALESFORCE) {
      const demo = (await listWorkspaces(database.db)).find((workspace) => workspace.slug === DEMO_WORKSPACE.slug);
      const standIn = demo
        ? await startDemoSalesforce({ db: database.db, vault, jobQueue, logger, apiVersion: config.SALESFORCE_API_VERSION }, demo.id, { firstStart: installation !== undefined }).catch(
            (error: unknown) => {
              // The demo org is a convenience; without it (no encryption key, say) Scorebridge still runs.
              logger.warn({ err: error }, 'the demo Salesforce org could not be started');
              return undefined;
            },
          )
        : undefined;
      if (standIn) {
        demoSalesforceUrl = standIn.loginUrl;
        // Closed after the job queue has stopped, so a sync in flight can finish against it.
        cleanups.splice(cleanups.indexOf(stopJobQueue), 0, () => standIn.close());
      }
    }

    let url: string | undefined;
    let addin: AddinHttpsServer | undefined;
    if (api) {
      const addinPort = addinHttpsPort(config);
      // The add-in calls the API from its own origin; listed, in case it is pointed at the HTTP port.
      const apiConfig = addinPort === null ? config : { ...config, CORS_ORIGINS: [...config.CORS_ORIGINS, `https://localhost:${addinPort}`] };
      const { app, close } = await assembleApi({ config: apiConfig, logger, database, jobQueue, vault, version });
      cleanups.push(close);
      const server = createHttpServer(app).listen(config.PORT, config.HOST);
      await once(server, 'listening');
      cleanups.push(() => closeServer(server, config.SHUTDOWN_TIMEOUT_SECONDS * 1000));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      url = config.PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
      logger.info({ url }, 'API listening');
      if (addinPort !== null) {
        // A convenience for development, like the demo org: without it (port taken, say) Scorebridge still runs.
        addin = await startAddinHttpsServer({ app, host: config.HOST, port: addinPort, dataDir: config.SCOREBRIDGE_DATA_DIR, logger }).catch((error: unknown) => {
          logger.warn({ err: error, port: addinPort }, 'the Excel add-in HTTPS listener could not start (set ADDIN_HTTPS_PORT to another port, or 0 to turn it off)');
          return undefined;
        });
        if (addin) {
          const listener = addin;
          cleanups.push(() => listener.close(config.SHUTDOWN_TIMEOUT_SECONDS * 1000));
          logger.info({ url: listener.url }, 'Excel add-in served over HTTPS');
        }
      }
    }
    if (worker) logger.info({ queues: jobs.map((job) => job.queue), concurrency: config.WORKER_CONCURRENCY }, 'worker consuming jobs');

    return { url, databaseUrl, embedded: embedded !== undefined, installation, demoSalesforceUrl, addin, jobQueue, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The HTTP API with its per-process parts: the credential cache and the scoring engine, and the
 * listeners that keep them in step with other processes. `close` writes the prediction log rows
 * still buffered. Used by `startScorebridge`, the tests and the benchmarks alike.
 */
export async function assembleApi({
  config,
  logger,
  database,
  jobQueue,
  vault = createLazyVault(config),
  version = readVersionInfo(),
}: {
  config: Config;
  logger: Logger;
  database: Pick<DatabaseConnection, 'db' | 'sql' | 'url'>;
  jobQueue: JobQueue;
  vault?: CredentialVault;
  version?: VersionInfo;
}): Promise<{ app: Express; scoring: ScoringEngine; close(): Promise<void> }> {
  const credentialCache = createCredentialCache<CachedCredential>(CREDENTIAL_CACHE);
  const stopListening = await clearOnCredentialChanges(database.sql, credentialCache, logger);
  const scoring = await startScoringEngine({
    db: database.db,
    sql: database.sql,
    logger,
    options: { maxCacheBytes: config.SERVING_CACHE_MAX_BYTES, listen: true, predictionLogStore: workerThreadStore({ url: database.url }) },
  });
  const app = createApp({
    config,
    logger,
    db: database.db,
    sql: database.sql,
    jobQueue,
    vault,
    jwtVerifier: createJwtVerifier(config.AUTH_JWT_PROVIDERS),
    credentialCache,
    version,
    scoring,
  });
  const close = async () => {
    await stopListening();
    await scoring.close();
  };
  return { app, scoring, close };
}

/**
 * Stops accepting connections, lets requests in flight finish for up to `timeoutMs`, then closes
 * whatever connections remain.
 */
async function closeServer(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(timer);
}
