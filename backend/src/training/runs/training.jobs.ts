import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { defineJob, type JobQueueSpec } from '../../jobs/job-definition.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { TrainingRunRow } from '../../db/schema/index.ts';
import { runTraining, type RunTrainingDeps } from './run-training.ts';

export const trainingJobPayloadSchema = z.object({ workspaceId: z.uuid(), trainingRunId: z.uuid() });

export const trainingRunQueue: JobQueueSpec<z.infer<typeof trainingJobPayloadSchema>> = {
  queue: QUEUES.trainingRun,
  payload: trainingJobPayloadSchema,
  // Each run has its own time limit (runTraining stops it, and each job's expiry is set above it,
  // see queueTrainingRun). A worker that dies stops its heartbeat, and the run is retried about a
  // minute later.
  queueOptions: { retryLimit: 1, retryDelay: 10, expireInSeconds: 2 * 60 * 60, heartbeatSeconds: 60 },
};

/** pg-boss's own limit on a job stays above the run's limit, which runTraining enforces with a clear message. */
const EXPIRY_MARGIN_SECONDS = 10 * 60;

/** Queues a recorded run for a worker; returns the job id. */
export function queueTrainingRun(jobQueue: Pick<JobQueue, 'send'>, run: Pick<TrainingRunRow, 'id' | 'workspaceId' | 'request'>): Promise<string> {
  const limit = (run.request as { timeLimitSeconds?: number }).timeLimitSeconds ?? 2 * 60 * 60;
  return jobQueue.send(trainingRunQueue, { workspaceId: run.workspaceId, trainingRunId: run.id }, { expireInSeconds: limit + EXPIRY_MARGIN_SECONDS });
}

export function trainingRunJob(deps: RunTrainingDeps) {
  return defineJob({
    ...trainingRunQueue,
    async handle(payload, { signal }) {
      try {
        await runTraining(deps, payload, signal);
        return { status: 'succeeded' };
      } catch (error) {
        // Data that cannot train (one class, too few outcomes) fails the same way on a retry.
        if (error instanceof AppError && error.status < 500) return { status: 'failed', reason: error.message };
        throw error;
      }
    },
  });
}
