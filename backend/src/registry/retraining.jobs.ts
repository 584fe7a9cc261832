import { z } from 'zod';
import { defineJob, type JobQueueSpec } from '../jobs/job-definition.ts';
import { QUEUES } from '../jobs/queues.ts';
import { startDueRetrainings, type RetrainingDeps } from './retraining.ts';

const retrainDuePayloadSchema = z.object({}).loose();

export const retrainDueQueue: JobQueueSpec<z.infer<typeof retrainDuePayloadSchema>> = {
  queue: QUEUES.registryRetrainDue,
  payload: retrainDuePayloadSchema,
  // A missed pass is made up by the next one five minutes later: no retries, short expiry.
  queueOptions: { retryLimit: 0, expireInSeconds: 10 * 60 },
  cron: '*/5 * * * *',
};

/** Every five minutes: start the retrainings that are due (see startDueRetrainings). */
export function retrainDueJob(deps: RetrainingDeps) {
  return defineJob({
    ...retrainDueQueue,
    async handle() {
      const outcomes = await startDueRetrainings(deps);
      return { started: outcomes.filter((outcome) => 'trainingRunId' in outcome).length, outcomes };
    },
  });
}
