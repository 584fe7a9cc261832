import { startTrainingRunSchema, type Experiment, type StartTrainingRunInput, type TrainingRun } from '@scorebridge/shared';
import type { Actor } from '../../auth/principal.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { TrainingRunRow } from '../../db/schema/index.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { JobQueueSpec } from '../../jobs/job-definition.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { checkRegistrationTarget } from '../../registry/register-version.ts';
import { findOrCreateExperiment, listExperimentSummaries, type ExperimentSummaryRow } from './experiments.repo.ts';
import { queueTrainingRun, trainingRunQueue } from './training.jobs.ts';
import { findTrainingRunView, insertTrainingRun, lockTrainingRun, listExperimentRuns, listTrainingRuns, updateTrainingRun, type TrainingRunView } from './training-runs.repo.ts';

export function toTrainingRun(row: TrainingRunView): TrainingRun {
  const error = row.error as { message?: string } | null;
  return {
    id: row.id,
    experiment: row.experimentName,
    experimentId: row.experimentId,
    parentRunId: row.parentRunId,
    params: (row.params as Record<string, unknown> | null) ?? null,
    datasetId: row.datasetId,
    status: row.status,
    request: row.request as Record<string, unknown>,
    progress: (row.progress as TrainingRun['progress']) ?? null,
    chosen: row.chosen,
    metrics: (row.metrics as TrainingRun['metrics']) ?? null,
    error: error?.message ? { message: error.message } : null,
    codeVersion: row.codeVersion,
    modelVersion: row.registered,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationSeconds: row.startedAt && row.finishedAt ? (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000 : null,
  };
}

function toExperiment(row: ExperimentSummaryRow): Experiment {
  return {
    id: row.id,
    name: row.name,
    runCount: row.runCount,
    bestRun: row.bestRunId && row.bestRocAuc !== null ? { id: row.bestRunId, rocAuc: row.bestRocAuc } : null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Records a queued run: the dataset must be the workspace's, a model to register into must predict
 * the same target, and the experiment is created on first use. Whoever runs it (a worker through
 * the queue, or the CLI in its own process) calls runTraining with the returned id.
 */
export async function createTrainingRun(db: Executor, actor: Actor, given: StartTrainingRunInput): Promise<TrainingRunRow> {
  const input = startTrainingRunSchema.parse(given);
  // Another workspace's dataset looks absent, as everywhere.
  if (!(await findDataset(db, actor.workspaceId, input.datasetId))) throw new NotFoundError('Dataset', input.datasetId);
  if (input.register) {
    await checkRegistrationTarget(db, actor.workspaceId, input.register, { column: input.target, ...(input.positive ? { positive: input.positive } : {}), ...(input.negative ? { negative: input.negative } : {}) });
  }
  const experiment = await findOrCreateExperiment(db, actor.workspaceId, input.experiment, actor.userId);
  return insertTrainingRun(db, {
    workspaceId: actor.workspaceId,
    experimentId: experiment.id,
    datasetId: input.datasetId,
    status: 'queued',
    request: input,
    requestedByUserId: actor.userId,
  });
}

/** Reading runs and experiments: the API and the CLI show the same views. */
export function createTrainingRunsReader(db: Db) {
  async function get(workspaceId: string, id: string): Promise<TrainingRun> {
    const row = await findTrainingRunView(db, workspaceId, id);
    if (!row) throw new NotFoundError('Training run', id);
    return toTrainingRun(row);
  }

  return {
    get,

    async list(workspaceId: string, options: { trials?: boolean } = {}): Promise<TrainingRun[]> {
      return (await listTrainingRuns(db, workspaceId, options)).map(toTrainingRun);
    },

    async experiments(workspaceId: string): Promise<Experiment[]> {
      return (await listExperimentSummaries(db, workspaceId)).map(toExperiment);
    },

    /** One experiment's runs and trials, best holdout ROC AUC first. */
    async compare(workspaceId: string, experimentId: string): Promise<{ experiment: Experiment; runs: TrainingRun[] }> {
      const [experiment] = await listExperimentSummaries(db, workspaceId, experimentId);
      if (!experiment) throw new NotFoundError('Experiment', experimentId);
      return { experiment: toExperiment(experiment), runs: (await listExperimentRuns(db, workspaceId, experimentId)).map(toTrainingRun) };
    },
  };
}

export function createTrainingRunsService({ db, jobQueue }: { db: Db; jobQueue: Pick<JobQueue, 'send' | 'cancel'> }) {
  const reader = createTrainingRunsReader(db);
  return {
    ...reader,

    async start(actor: Actor, input: StartTrainingRunInput): Promise<TrainingRun> {
      const run = await createTrainingRun(db, actor, input);
      const jobId = await queueTrainingRun(jobQueue, run);
      await updateTrainingRun(db, run.id, { jobId });
      return reader.get(actor.workspaceId, run.id);
    },

    /**
     * Marks a queued or running run cancelled and cancels its job. A worker training it sees the
     * status within a second and stops without storing anything; a finished run cannot be cancelled.
     */
    async cancel(actor: Actor, id: string): Promise<TrainingRun> {
      const jobId = await db.transaction(async (tx) => {
        const run = await lockTrainingRun(tx, id);
        if (!run || run.workspaceId !== actor.workspaceId) throw new NotFoundError('Training run', id);
        if (run.status !== 'queued' && run.status !== 'running') throw new ConflictError(`Training run ${id} has already ${run.status === 'succeeded' ? 'succeeded' : `ended (${run.status})`}; only queued or running runs can be cancelled`);
        await updateTrainingRun(tx, id, { status: 'cancelled', finishedAt: new Date(), error: { message: `Cancelled by ${actor.label}${actor.userId ? ` (user ${actor.userId})` : ''}` } });
        return run.jobId;
      });
      if (jobId) await jobQueue.cancel(trainingRunQueue as JobQueueSpec<never>, jobId).catch(() => {});
      return reader.get(actor.workspaceId, id);
    },
  };
}

export type TrainingRunsService = ReturnType<typeof createTrainingRunsService>;
