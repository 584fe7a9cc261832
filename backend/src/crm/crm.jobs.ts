import { z } from 'zod';
import { defineJob, type JobQueueSpec } from '../jobs/job-definition.ts';
import { QUEUES } from '../jobs/queues.ts';
import { updateSyncRun } from './sync-runs.repo.ts';
import { runSync, SyncCancelledError, type SyncDeps } from './sync/sync-runner.ts';

export const syncJobPayloadSchema = z.object({ workspaceId: z.uuid(), syncRunId: z.uuid() });

/** The queue as senders see it; the handler needs the worker's dependencies (see crmSyncJob). */
export const crmSyncQueue: JobQueueSpec<z.infer<typeof syncJobPayloadSchema>> = {
  queue: QUEUES.crmSync,
  payload: syncJobPayloadSchema,
  queueOptions: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 4 * 60 * 60 },
};

/**
 * The `crm.sync` job. pg-boss retries a failed attempt (with backoff) and the run resumes from its
 * checkpoint; the run shows `failed` with the cause between attempts and after the last one.
 */
export function crmSyncJob(deps: SyncDeps) {
  return defineJob({
    ...crmSyncQueue,
    async handle(payload, { signal, jobId }) {
      try {
        const run = await runSync(deps, payload, signal);
        return { status: run.status, recordsDone: run.recordsDone, datasetId: run.datasetId };
      } catch (error) {
        const cancelled = error instanceof SyncCancelledError;
        await updateSyncRun(deps.db, payload.syncRunId, {
          status: cancelled ? 'cancelled' : 'failed',
          error: { message: error instanceof Error ? error.message : String(error), jobId },
          ...(cancelled ? { finishedAt: new Date() } : {}),
        });
        if (cancelled) return { status: 'cancelled' };
        throw error;
      }
    },
  });
}
