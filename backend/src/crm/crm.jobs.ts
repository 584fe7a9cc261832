import { z } from 'zod';
import { AppError } from '../errors.ts';
import { defineJob, type JobQueueSpec } from '../jobs/job-definition.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import { queueRescore } from '../serving/serving.jobs.ts';
import { runSync, type SyncDeps } from './sync/sync-runner.ts';

export const syncJobPayloadSchema = z.object({ workspaceId: z.uuid(), syncRunId: z.uuid() });

/** The queue as senders see it; the handler needs the worker's dependencies (see crmSyncJob). */
export const crmSyncQueue: JobQueueSpec<z.infer<typeof syncJobPayloadSchema>> = {
  queue: QUEUES.crmSync,
  payload: syncJobPayloadSchema,
  queueOptions: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 4 * 60 * 60, heartbeatSeconds: 60 },
};

/**
 * The `crm.sync` job. pg-boss retries a failed attempt (with backoff) and the run resumes from its
 * checkpoint; the run shows `failed` with the cause between attempts and after the last one.
 */
export function crmSyncJob(deps: SyncDeps & { jobQueue: Pick<JobQueue, 'send'> }) {
  return defineJob({
    ...crmSyncQueue,
    async handle(payload, { signal }) {
      // runSync records a failure on the run before rethrowing it, so pg-boss retries with the cause visible.
      try {
        const run = await runSync(deps, payload, signal);
        // Changed records get new scores (serving/); the rescoring finds them by their sync time.
        if (run.status === 'succeeded' && (run.object === 'Lead' || run.object === 'Opportunity')) {
          await queueRescore(deps.jobQueue, { workspaceId: run.workspaceId, crmObject: run.object, reason: 'sync' });
        }
        return { status: run.status, recordsDone: run.recordsDone, datasetId: run.datasetId };
      } catch (error) {
        // A mistake in the request (an unknown field) fails the same way on every retry: stop here.
        if (error instanceof AppError && error.status < 500) return { status: 'failed', reason: error.message };
        throw error;
      }
    },
  });
}
