import type { StartTrainingRun, TrainingRun } from '@scorebridge/shared';
import type { Actor } from '../../auth/principal.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import type { Db } from '../../db/client.ts';
import type { TrainingRunRow } from '../../db/schema/index.ts';
import { NotFoundError } from '../../errors.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { trainingRunQueue } from './training.jobs.ts';
import { findTrainingRun, insertTrainingRun, listTrainingRuns, updateTrainingRun } from './training-runs.repo.ts';

export function toTrainingRun(row: TrainingRunRow): TrainingRun {
  const error = row.error as { message?: string } | null;
  return {
    id: row.id,
    experiment: row.experiment,
    datasetId: row.datasetId,
    status: row.status,
    request: row.request as Record<string, unknown>,
    progress: (row.progress as TrainingRun['progress']) ?? null,
    chosen: row.chosen,
    metrics: (row.metrics as TrainingRun['metrics']) ?? null,
    error: error?.message ? { message: error.message } : null,
    codeVersion: row.codeVersion,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function createTrainingRunsService({ db, jobQueue }: { db: Db; jobQueue: Pick<JobQueue, 'send'> }) {
  return {
    async start(actor: Actor, input: StartTrainingRun): Promise<TrainingRun> {
      // Another workspace's dataset looks absent, as everywhere.
      if (!(await findDataset(db, actor.workspaceId, input.datasetId))) throw new NotFoundError('Dataset', input.datasetId);
      const run = await insertTrainingRun(db, {
        workspaceId: actor.workspaceId,
        experiment: input.experiment,
        datasetId: input.datasetId,
        status: 'queued',
        request: input,
        requestedByUserId: actor.userId,
      });
      const jobId = await jobQueue.send(trainingRunQueue, { workspaceId: actor.workspaceId, trainingRunId: run.id });
      return toTrainingRun(await updateTrainingRun(db, run.id, { jobId }));
    },

    async list(workspaceId: string): Promise<TrainingRun[]> {
      return (await listTrainingRuns(db, workspaceId)).map(toTrainingRun);
    },

    async get(workspaceId: string, id: string): Promise<TrainingRun> {
      const row = await findTrainingRun(db, workspaceId, id);
      if (!row) throw new NotFoundError('Training run', id);
      return toTrainingRun(row);
    },
  };
}

export type TrainingRunsService = ReturnType<typeof createTrainingRunsService>;
