import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { defineJob, type JobQueueSpec } from '../../jobs/job-definition.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { runTraining, type RunTrainingDeps } from './run-training.ts';

export const trainingJobPayloadSchema = z.object({ workspaceId: z.uuid(), trainingRunId: z.uuid() });

export const trainingRunQueue: JobQueueSpec<z.infer<typeof trainingJobPayloadSchema>> = {
  queue: QUEUES.trainingRun,
  payload: trainingJobPayloadSchema,
  // A time limit: a run still active after two hours is failed by pg-boss and retried once. A
  // worker that dies stops its heartbeat, and the run is retried about a minute later.
  queueOptions: { retryLimit: 1, retryDelay: 10, expireInSeconds: 2 * 60 * 60, heartbeatSeconds: 60 },
};

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
