import { SCORED_CRM_OBJECTS } from '@scorebridge/shared';
import { z } from 'zod';
import { findCrmConnection } from '../crm/crm-connections.repo.ts';
import { queueWriteback } from '../crm/writeback/index.ts';
import type { Db } from '../db/client.ts';
import { defineJob, type JobQueueSpec } from '../jobs/job-definition.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import { rescoreRecords } from './rescore-records.ts';
import { startScoringEngine } from './scoring-engine.ts';

export const rescorePayloadSchema = z.object({
  workspaceId: z.uuid(),
  crmObject: z.enum(SCORED_CRM_OBJECTS),
  /** Why: a sync brought changed records, a promotion moved a champion, or someone asked. */
  reason: z.enum(['sync', 'promotion', 'manual']),
});

export type RescorePayload = z.infer<typeof rescorePayloadSchema>;

/** The queue as senders see it. Rescoring is idempotent (it only scores what changed), so duplicates cost little. */
export const rescoreQueue: JobQueueSpec<RescorePayload> = {
  queue: QUEUES.servingRescore,
  payload: rescorePayloadSchema,
  queueOptions: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 2 * 60 * 60 },
};

/** Asks a worker to rescore an object's changed records; returns the job id. */
export function queueRescore(jobQueue: Pick<JobQueue, 'send'>, payload: RescorePayload): Promise<string> {
  return jobQueue.send(rescoreQueue, payload);
}

/**
 * Loaded versions a rescoring keeps; it scores with one version at a time, so this only has to
 * hold the largest model. The job's engine lives for one job: it resolves the champion when it
 * starts, so a worker always rescores with the champion of the moment without listening for changes.
 */
const RESCORE_CACHE_BYTES = 256 * 1024 * 1024;

export function rescoreJob(deps: { db: Db; logger: Logger; jobQueue: Pick<JobQueue, 'send'> }) {
  return defineJob({
    ...rescoreQueue,
    async handle(payload, { jobId, signal, logger }) {
      const engine = await startScoringEngine({ db: deps.db, logger, options: { maxCacheBytes: RESCORE_CACHE_BYTES, listen: false } });
      try {
        const caller = { workspaceId: payload.workspaceId, userId: null, apiKeyId: null, requestId: `job:${jobId}`, source: 'rescore' };
        const models = await rescoreRecords({ db: deps.db, engine, logger }, caller, payload.crmObject, signal);
        // New scores go to the CRM; a workspace without a connected org (data imported, not synced) has nowhere to write them.
        const rescored = models.some((model) => model.scored > 0);
        const writebackJobId = rescored && (await findCrmConnection(deps.db, payload.workspaceId)) ? await queueWriteback(deps.jobQueue, { workspaceId: payload.workspaceId, object: payload.crmObject }) : null;
        return { reason: payload.reason, models, writebackJobId };
      } finally {
        await engine.close();
      }
    },
  });
}
