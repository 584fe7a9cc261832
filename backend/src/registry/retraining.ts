import { startTrainingRunSchema, type StartTrainingRun } from '@scorebridge/shared';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { datasets, modelVersions, trainingRuns, type DatasetRow, type RegisteredModelRow, type TrainingRunRow } from '../db/schema/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { queueTrainingRun } from '../training/runs/training.jobs.ts';
import { updateTrainingRun } from '../training/runs/training-runs.repo.ts';
import { createTrainingRun } from '../training/runs/training-runs.service.ts';
import { claimDueRetrainings, updateRegisteredModel } from './registered-models.repo.ts';

const DAY_MS = 86_400_000;
/** Models retrained per pass; the rest wait for the next pass (every few minutes). */
const RETRAININGS_PER_PASS = 20;

export interface RetrainingDeps {
  db: Db;
  jobQueue: Pick<JobQueue, 'send'>;
  logger: Logger;
}

export type RetrainingOutcome = { model: string; trainingRunId: string; datasetId: string } | { model: string; skipped: string };

/** The request and dataset of the newest trained version: a retraining repeats them on newer data. */
async function lastTrainedRequest(db: Executor, modelId: string): Promise<{ request: StartTrainingRun; dataset: DatasetRow } | undefined> {
  const [row] = await db
    .select({ request: trainingRuns.request, dataset: datasets })
    .from(modelVersions)
    .innerJoin(trainingRuns, eq(trainingRuns.id, modelVersions.trainingRunId))
    .innerJoin(datasets, eq(datasets.id, trainingRuns.datasetId))
    .where(eq(modelVersions.modelId, modelId))
    .orderBy(desc(modelVersions.version))
    .limit(1);
  if (!row) return undefined;
  const request = startTrainingRunSchema.safeParse(row.request);
  return request.success ? { request: request.data, dataset: row.dataset } : undefined;
}

/**
 * The newest complete dataset of the same source as the one the model last trained on: the newest
 * sync of the same CRM object, or the newest upload with the same name (a file re-imported).
 */
export async function newestDatasetLike(db: Executor, dataset: DatasetRow): Promise<DatasetRow> {
  const sameSource =
    dataset.source === 'crm_sync'
      ? and(eq(datasets.source, 'crm_sync'), sql`${datasets.origin} ->> 'object' = ${(dataset.origin as { object?: string }).object ?? ''}`)
      : and(eq(datasets.source, dataset.source), eq(datasets.name, dataset.name));
  const [newest] = await db
    .select()
    .from(datasets)
    .where(and(eq(datasets.workspaceId, dataset.workspaceId), isNotNull(datasets.profile), sameSource))
    .orderBy(desc(datasets.createdAt))
    .limit(1);
  return newest ?? dataset;
}

/**
 * Starts the retrainings that are due: for each model whose `nextRetrainAt` has passed, a training
 * run with the newest version's settings on the newest data of the same source, registering into
 * the same model. The result is a candidate version; no alias moves. Models are claimed with
 * SKIP LOCKED and their next date is moved in the same transaction, so two schedulers never start
 * the same retraining twice.
 */
export async function startDueRetrainings(deps: RetrainingDeps, now = new Date()): Promise<RetrainingOutcome[]> {
  const { db, jobQueue, logger } = deps;
  const started = await db.transaction(async (tx) => {
    const due = await claimDueRetrainings(tx, now, RETRAININGS_PER_PASS);
    const outcomes: { model: RegisteredModelRow; outcome: RetrainingOutcome; run?: TrainingRunRow }[] = [];
    for (const model of due) {
      await updateRegisteredModel(tx, model.id, { nextRetrainAt: new Date(now.getTime() + model.retrainEveryDays! * DAY_MS) });
      const last = await lastTrainedRequest(tx, model.id);
      if (!last) {
        outcomes.push({ model, outcome: { model: model.name, skipped: 'the model has no trained version to repeat (uploaded versions cannot be retrained here)' } });
        continue;
      }
      const dataset = await newestDatasetLike(tx, last.dataset);
      const run = await createTrainingRun(
        tx,
        { workspaceId: model.workspaceId, userId: null, apiKeyId: null, label: 'retraining schedule', requestId: null },
        { ...last.request, datasetId: dataset.id, register: model.name },
      );
      outcomes.push({ model, outcome: { model: model.name, trainingRunId: run.id, datasetId: dataset.id }, run });
    }
    return outcomes;
  });
  for (const { model, outcome, run } of started) {
    if (!('trainingRunId' in outcome) || !run) {
      logger.warn({ modelId: model.id, reason: 'skipped' in outcome ? outcome.skipped : 'no run' }, 'retraining skipped');
      continue;
    }
    try {
      const jobId = await queueTrainingRun(jobQueue, run);
      await updateTrainingRun(db, outcome.trainingRunId, { jobId });
      logger.info({ modelId: model.id, trainingRunId: outcome.trainingRunId, datasetId: outcome.datasetId }, 'retraining started');
    } catch (error) {
      await updateTrainingRun(db, outcome.trainingRunId, { status: 'failed', finishedAt: new Date(), error: { message: `could not be queued: ${error instanceof Error ? error.message : String(error)}` } });
      logger.error({ err: error, modelId: model.id }, 'retraining could not be queued');
    }
  }
  return started.map(({ outcome }) => outcome);
}
