import type { QueueOptions } from 'pg-boss';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';

export interface JobContext {
  jobId: string;
  /** Which attempt this is, from 0. */
  retryCount: number;
  /** Aborted when the job is cancelled or expires; long work checks it between steps. */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * A kind of background work: its queue, the zod schema of its payload (checked when it is sent and
 * again when it is picked up, since rows in the queue may predate a deploy), queue options, and the
 * handler. Capabilities declare theirs in `*.jobs.ts` files.
 */
export interface JobDefinition<Payload = unknown, Result = unknown> extends JobQueueSpec<Payload> {
  handle(payload: Payload, context: JobContext): Promise<Result>;
}

/** What a sender needs to know about a queue: its name, payload schema and options, without the handler. */
export interface JobQueueSpec<Payload = unknown> {
  queue: string;
  payload: z.ZodType<Payload>;
  queueOptions?: Omit<QueueOptions, 'name'>;
  /** A cron expression (UTC): workers make pg-boss send this queue an empty payload on that schedule. */
  cron?: string;
}

export function defineJob<Payload, Result>(definition: JobDefinition<Payload, Result>): JobDefinition<Payload, Result> {
  return definition;
}
