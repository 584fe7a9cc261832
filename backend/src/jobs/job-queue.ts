import { PgBoss } from 'pg-boss';
import { ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { JobDefinition, JobQueueSpec } from './job-definition.ts';

export interface JobQueueOptions {
  url: string;
  logger: Logger;
  /** PostgreSQL schema for pg-boss's tables. */
  schema?: string;
  /**
   * Overrides the heartbeat interval of queues that declare one (long work: syncs, training). A
   * worker that dies stops beating, and pg-boss fails and retries its job after this many seconds
   * plus at most `monitorIntervalSeconds`, instead of waiting for the job's expiry.
   */
  heartbeatSeconds?: number;
  /** How often pg-boss looks for jobs whose heartbeat stopped or whose time ran out. Default 60. */
  monitorIntervalSeconds?: number;
}

export interface WorkerOptions {
  /** Jobs of one queue handled at the same time by this process. */
  concurrency: number;
}

/**
 * pg-boss, wired the way Scorebridge uses it: queues created from job definitions with LISTEN/NOTIFY
 * so a sent job reaches an idle worker in milliseconds instead of a polling interval, payloads
 * validated on both ends, and handlers that log their failures with context instead of crashing.
 */
export async function startJobQueue({ url, logger, schema = 'pgboss', heartbeatSeconds, monitorIntervalSeconds = 60 }: JobQueueOptions) {
  // pg-boss gets its own small pool: a postgres.js pool cannot serve as its `db`, and job traffic
  // then never competes with API queries for connections.
  const boss = new PgBoss({ connectionString: url, schema, max: 4, useListenNotify: true, monitorIntervalSeconds, superviseIntervalSeconds: monitorIntervalSeconds });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  await boss.start();

  const definitions = new Map<string, JobQueueSpec<never>>();

  async function register(definition: JobQueueSpec<never>): Promise<void> {
    if (definitions.has(definition.queue)) return;
    const options = { notify: true, ...definition.queueOptions };
    if (options.heartbeatSeconds && heartbeatSeconds) options.heartbeatSeconds = heartbeatSeconds;
    await boss.createQueue(definition.queue, options);
    // createQueue leaves an existing queue as it was; an upgrade may have changed its options.
    await boss.updateQueue(definition.queue, options);
    definitions.set(definition.queue, definition);
  }

  return {
    boss,

    /** Creates the queues of these definitions (idempotent) so jobs can be sent to them. */
    async registerAll(list: readonly JobDefinition<never>[]): Promise<void> {
      for (const definition of list) await register(definition);
    },

    /** Validates the payload against the queue's definition and enqueues it. Returns the job id. */
    async send<Payload>(definition: JobQueueSpec<Payload>, payload: Payload, options: { singletonKey?: string; expireInSeconds?: number } = {}): Promise<string> {
      await register(definition as JobQueueSpec<never>);
      const parsed = definition.payload.safeParse(payload);
      if (!parsed.success) {
        throw new ValidationError(
          `Invalid payload for job ${definition.queue}`,
          parsed.error.issues.map((issue) => ({ field: ['payload', ...issue.path].join('.'), message: issue.message })),
        );
      }
      const id = await boss.send(definition.queue, parsed.data as object, options);
      if (id === null) throw new Error(`Job for ${definition.queue} was not created (a singleton with the same key is queued)`);
      return id;
    },

    /** Cancels a job that has not finished; a job already settled is left as it is. */
    async cancel(definition: JobQueueSpec<never>, jobId: string): Promise<void> {
      await boss.cancel(definition.queue, jobId);
    },

    /** Starts consuming every given queue in this process. */
    async work(list: readonly JobDefinition<never>[], { concurrency }: WorkerOptions): Promise<void> {
      for (const definition of list) {
        await register(definition);
        if (definition.cron) await boss.schedule(definition.queue, definition.cron, {}, { tz: 'UTC' });
        await boss.work<unknown>(definition.queue, { batchSize: 1, localConcurrency: concurrency }, async ([job]) => {
          if (!job) return;
          const jobLogger = logger.child({ queue: definition.queue, jobId: job.id, attempt: job.retryCount });
          const payload = definition.payload.safeParse(job.data);
          if (!payload.success) {
            // Retrying cannot fix a malformed payload, but failing the job records why for the operator.
            jobLogger.error({ issues: payload.error.issues }, 'job payload is invalid; failing the job');
            throw new Error(`Invalid payload: ${payload.error.message}`);
          }
          const started = performance.now();
          try {
            const result = await definition.handle(payload.data as never, { jobId: job.id, retryCount: job.retryCount, signal: job.signal, logger: jobLogger });
            jobLogger.info({ durationMs: Math.round(performance.now() - started) }, 'job completed');
            return result;
          } catch (error) {
            jobLogger.error({ err: error, durationMs: Math.round(performance.now() - started) }, 'job failed');
            throw error;
          }
        });
      }
    },

    /** True when pg-boss's tables answer a query. */
    async isReachable(): Promise<boolean> {
      await boss.getQueues();
      return true;
    },

    /**
     * Stops fetching new jobs, waits up to `timeoutMs` for running handlers to finish, then fails
     * what is still running so another worker retries it, and closes pg-boss's pool.
     */
    async stop(timeoutMs: number): Promise<void> {
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}

export type JobQueue = Awaited<ReturnType<typeof startJobQueue>>;
