import { CRM_OBJECTS } from '@scorebridge/shared';
import { z } from 'zod';
import { defineJob, type JobQueueSpec } from '../../jobs/job-definition.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { SyncDeps } from '../sync/sync-runner.ts';
import { runWriteback, writebackSettings } from './writeback-runner.ts';

export const writebackPayloadSchema = z.object({
  workspaceId: z.uuid(),
  object: z.enum(CRM_OBJECTS),
  /** Asked for by an admin: failed records with attempts left go now, without waiting for their back-off. */
  retryFailedNow: z.boolean().optional(),
});
export type WritebackPayload = z.infer<typeof writebackPayloadSchema>;

/** The queue as senders see it; the handler needs the worker's dependencies (see crmWritebackJob). */
export const crmWritebackQueue: JobQueueSpec<WritebackPayload> = {
  queue: QUEUES.crmWriteback,
  payload: writebackPayloadSchema,
  // A run that stopped on a whole-request failure (an outage that outlasted the call's own retries,
  // the API-usage ceiling) is run again later; rows already answered are not sent again.
  queueOptions: { retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 4 * 60 * 60, heartbeatSeconds: 60 },
};

/**
 * Queues a write-back of one object; returns the job id. Rescoring sends one when it has changed
 * scores, admins through the API or the CLI.
 *
 * The singletonKey (workspace and object) names the job for look-ups such as pg-boss's
 * `findJobs(queue, { key })`. It does not serialise runs: in pg-boss 12 a key only limits jobs on
 * queues created with a `short`, `singleton`, `stately` or `exclusive` policy, or sent with
 * `singletonSeconds`, and our queues use the `standard` policy. Two runs of one object are kept
 * apart by an advisory lock instead (writeback-lock.ts), which also covers runs from the CLI.
 */
export function queueWriteback(jobQueue: Pick<JobQueue, 'send'>, payload: WritebackPayload): Promise<string> {
  return jobQueue.send(crmWritebackQueue, payload, { singletonKey: `${payload.workspaceId}:${payload.object}` });
}

/** The `crm.writeback` job: one run of runWriteback; a failed run is retried by pg-boss with backoff. */
export function crmWritebackJob(deps: SyncDeps) {
  return defineJob({
    ...crmWritebackQueue,
    async handle(payload, { signal, logger }) {
      return runWriteback(deps, payload, {
        signal,
        settings: writebackSettings(payload),
        onWait: () => logger.info({ object: payload.object }, 'waiting for another write-back of this object to finish'),
      });
    },
  });
}
