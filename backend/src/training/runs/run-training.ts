import { datasetProfileSchema, type StartTrainingRun, type TargetSpec } from '@scorebridge/shared';
import { readSnapshot } from '../../datasets/dataset-reader.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import type { EvaluationReport } from '../evaluation/index.ts';
import { trainCandidate, type TrainedCandidate } from '../pipeline/index.ts';
import { findTrainingRun, replaceTrainingArtifacts, updateTrainingRun, type TrainingRunPatch } from './training-runs.repo.ts';

export interface RunTrainingDeps {
  db: Db;
  logger: Logger;
  codeVersion: string | null;
}

/** Progress is written at most this often: a training run reports many small steps. */
const PROGRESS_WRITE_INTERVAL_MS = 1_000;

function headline(evaluation: EvaluationReport) {
  return {
    rocAuc: evaluation.rocAuc,
    prAuc: evaluation.prAuc,
    logLoss: evaluation.logLoss,
    brierScore: evaluation.brierScore,
    threshold: evaluation.threshold.threshold,
    f1: evaluation.threshold.f1,
  };
}

/**
 * Runs one queued training run: reads its dataset, trains and evaluates both model kinds
 * (trainCandidate), then stores the results and the artifacts in one transaction. A failure marks
 * the run failed with its cause; a worker killed before the end leaves nothing half-written, and
 * the retried job trains again from the start.
 */
export async function runTraining(deps: RunTrainingDeps, ids: { workspaceId: string; trainingRunId: string }, signal: AbortSignal): Promise<void> {
  const { db, logger } = deps;
  const run = await findTrainingRun(db, ids.workspaceId, ids.trainingRunId);
  if (!run) throw new Error(`Training run ${ids.trainingRunId} does not exist`);
  if (run.status === 'succeeded' || run.status === 'cancelled') return;
  const request = run.request as StartTrainingRun;
  await updateTrainingRun(db, run.id, { status: 'running', startedAt: new Date(), attempts: run.attempts + 1, error: null, codeVersion: deps.codeVersion });

  let lastWrite = 0;
  let settled = false;
  const progress = (stage: string, fraction: number) => {
    // Once the run is settled its final state must not be overwritten by a late progress report.
    if (settled || Date.now() - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
    lastWrite = Date.now();
    updateTrainingRun(db, run.id, { progress: { stage, fraction } }).catch((error: unknown) => logger.warn({ err: error, trainingRunId: run.id }, 'could not record training progress'));
  };

  try {
    const dataset = await findDataset(db, run.workspaceId, run.datasetId);
    if (!dataset) throw new InvalidDataError(`Dataset ${run.datasetId} no longer exists`);
    const profile = datasetProfileSchema.safeParse(dataset.profile);
    if (!profile.success) throw new InvalidDataError(`Dataset ${dataset.id} has no profile; import it again`);
    const target: TargetSpec = { column: request.target, ...(request.positive ? { positive: request.positive } : {}), ...(request.negative ? { negative: request.negative } : {}) };
    const candidate: TrainedCandidate = await trainCandidate(
      { read: () => readSnapshot(db, dataset), profile: profile.data, target, exclude: request.exclude, dateColumn: request.dateColumn ?? null },
      {
        seed: request.seed,
        signal,
        onProgress: (report) => progress(report.stage, report.fraction),
        ...(request.tuningTrials ? { tuning: { trials: request.tuningTrials } } : {}),
      },
    );
    const { onnx, models, ...results } = candidate;
    settled = true;
    const finished: TrainingRunPatch = {
      status: 'succeeded',
      finishedAt: new Date(),
      progress: { stage: 'done', fraction: 1 },
      chosen: candidate.chosen,
      metrics: { gbdt: headline(models.gbdt.evaluation), logistic: headline(models.logistic.evaluation) },
      results: {
        ...results,
        evaluations: { gbdt: models.gbdt.evaluation, logistic: models.logistic.evaluation },
        calibration: { gbdt: models.gbdt.calibration, logistic: models.logistic.calibration },
        training: { gbdt: models.gbdt.training, logistic: models.logistic.training },
      },
    };
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    await db.transaction(async (tx) => {
      await replaceTrainingArtifacts(tx, run.id, [
        { name: 'model.onnx', contentType: 'application/onnx', data: Buffer.from(onnx) },
        ...(['gbdt', 'logistic'] as const).flatMap((kind) => [
          { name: `${kind}/model.json`, contentType: 'application/json', data: json(models[kind].model) },
          { name: `${kind}/feature-spec.json`, contentType: 'application/json', data: json(models[kind].featureSpec) },
          { name: `${kind}/calibrator.json`, contentType: 'application/json', data: json(models[kind].calibrator) },
        ]),
      ]);
      await updateTrainingRun(tx, run.id, finished);
    });
    logger.info({ trainingRunId: run.id, chosen: candidate.chosen, auc: finished.metrics }, 'training run succeeded');
  } catch (error) {
    settled = true;
    const cancelled = signal.aborted;
    await updateTrainingRun(db, run.id, {
      status: cancelled ? 'cancelled' : 'failed',
      finishedAt: new Date(),
      error: { message: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}
