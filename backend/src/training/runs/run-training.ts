import { datasetProfileSchema, type StartTrainingRun, type TargetSpec } from '@scorebridge/shared';
import { readSnapshot } from '../../datasets/dataset-reader.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import type { EvaluationReport } from '../evaluation/index.ts';
import { registerTrainedVersion } from '../../registry/register-version.ts';
import { trainCandidate, type TrainedCandidate } from '../pipeline/index.ts';
import { VERSION_ARTIFACTS } from '../scoring/load-trained-model.ts';
import type { TuningTrial } from '../tuning/index.ts';
import { findTrainingRun, findTrainingRunStatus, lockTrainingRun, replaceTrainingArtifacts, replaceTrialRuns, updateTrainingRun, type TrainingRunPatch } from './training-runs.repo.ts';

export interface RunTrainingDeps {
  db: Db;
  logger: Logger;
  codeVersion: string | null;
}

/** Progress is written at most this often: a training run reports many small steps. */
const PROGRESS_WRITE_INTERVAL_MS = 1_000;
/** For runs recorded before requests carried a limit. */
const DEFAULT_TIME_LIMIT_SECONDS = 2 * 60 * 60;
/** How often a running training looks whether someone cancelled its run. */
const CANCEL_CHECK_INTERVAL_MS = 1_000;

/** Watches the run's row and aborts when its status becomes `cancelled` (POST .../cancel). */
function watchForCancellation(deps: RunTrainingDeps, runId: string): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    findTrainingRunStatus(deps.db, runId).then(
      (status) => {
        if (status === 'cancelled') controller.abort(new Error('The run was cancelled'));
      },
      (error: unknown) => deps.logger.warn({ err: error, trainingRunId: runId }, 'could not check for cancellation'),
    );
  }, CANCEL_CHECK_INTERVAL_MS);
  timer.unref();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

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

/** A tuning trial as a run of its own: its parameters, its validation metrics, its duration. */
function trialRun(trial: TuningTrial, finishedAt: Date) {
  return {
    status: 'succeeded' as const,
    params: { ...trial.params, rounds: trial.rounds, bestRound: trial.bestRound, rung: trial.rung },
    metrics: { validation: { rocAuc: trial.validationAuc, logLoss: trial.validationLogLoss } },
    results: { trial },
    startedAt: new Date(finishedAt.getTime() - trial.seconds * 1000),
    finishedAt,
  };
}

/**
 * Runs one queued training run: reads its dataset, trains and evaluates both model kinds
 * (trainCandidate), then stores the results, the artifacts, the tuning trials and, when asked, the
 * chosen model as a new candidate version, all in one transaction. A failure marks the run failed
 * with its cause; a worker killed before the end leaves nothing half-written, and the retried job
 * trains again from the start. A run cancelled meanwhile stops between training steps (checked
 * every second) and stores nothing; its status stays `cancelled`.
 */
export async function runTraining(deps: RunTrainingDeps, ids: { workspaceId: string; trainingRunId: string }, signal: AbortSignal): Promise<void> {
  const { db, logger } = deps;
  const run = await findTrainingRun(db, ids.workspaceId, ids.trainingRunId);
  if (!run) throw new Error(`Training run ${ids.trainingRunId} does not exist`);
  if (run.status === 'succeeded' || run.status === 'cancelled') return;
  const request = run.request as StartTrainingRun;
  await updateTrainingRun(db, run.id, { status: 'running', startedAt: new Date(), attempts: run.attempts + 1, error: null, codeVersion: deps.codeVersion });

  const cancellation = watchForCancellation(deps, run.id);
  const timeLimitSeconds = request.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const timeLimit = AbortSignal.timeout(timeLimitSeconds * 1000);
  const stopSignal = AbortSignal.any([signal, cancellation.signal, timeLimit]);
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
        signal: stopSignal,
        onProgress: (report) => progress(report.stage, report.fraction),
        ...(request.tuningTrials ? { tuning: { trials: request.tuningTrials } } : {}),
      },
    );
    const { onnx, models, ...results } = candidate;
    settled = true;
    const chosen = models[candidate.chosen];
    const finished: TrainingRunPatch = {
      status: 'succeeded',
      finishedAt: new Date(),
      progress: { stage: 'done', fraction: 1 },
      chosen: candidate.chosen,
      params: { gbdt: models.gbdt.training.params, logistic: { l2: models.logistic.training.l2 } },
      metrics: { gbdt: headline(models.gbdt.evaluation), logistic: headline(models.logistic.evaluation) },
      results: {
        ...results,
        evaluations: { gbdt: models.gbdt.evaluation, logistic: models.logistic.evaluation },
        calibration: { gbdt: models.gbdt.calibration, logistic: models.logistic.calibration },
        training: { gbdt: models.gbdt.training, logistic: models.logistic.training },
      },
    };
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    const stored = await db.transaction(async (tx) => {
      // A run retried while an earlier attempt was still finishing must not register twice, and a
      // run cancelled in the last second must not store anything.
      const current = await lockTrainingRun(tx, run.id);
      if (!current || current.status === 'succeeded' || current.status === 'cancelled') return { stored: false as const, status: current?.status };
      await replaceTrainingArtifacts(tx, run.id, [
        { name: 'model.onnx', contentType: 'application/onnx', data: Buffer.from(onnx) },
        ...(['gbdt', 'logistic'] as const).flatMap((kind) => [
          { name: `${kind}/model.json`, contentType: 'application/json', data: json(models[kind].model) },
          { name: `${kind}/feature-spec.json`, contentType: 'application/json', data: json(models[kind].featureSpec) },
          { name: `${kind}/calibrator.json`, contentType: 'application/json', data: json(models[kind].calibrator) },
        ]),
      ]);
      const updated = await updateTrainingRun(tx, run.id, finished);
      await replaceTrialRuns(tx, updated, (candidate.tuningTrials ?? []).map((trial) => trialRun(trial, finished.finishedAt!)));
      if (!request.register) return { stored: true as const, registered: null };
      const registered = await registerTrainedVersion(tx, {
        workspaceId: run.workspaceId,
        modelName: request.register,
        target,
        experimentId: run.experimentId,
        trainingRunId: run.id,
        datasetId: run.datasetId,
        kind: candidate.chosen,
        crmObject: request.crmObject ?? (dataset.source === 'crm_sync' ? ((dataset.origin as { object?: string }).object ?? null) : null),
        metrics: headline(chosen.evaluation),
        inputFields: chosen.featureSpec.inputs.map((input) => input.column),
        codeVersion: deps.codeVersion,
        artifacts: [
          { name: VERSION_ARTIFACTS.onnx, contentType: 'application/onnx', data: Buffer.from(onnx) },
          { name: VERSION_ARTIFACTS.model, contentType: 'application/json', data: json(chosen.model) },
          { name: VERSION_ARTIFACTS.featureSpec, contentType: 'application/json', data: json(chosen.featureSpec) },
          { name: VERSION_ARTIFACTS.calibrator, contentType: 'application/json', data: json(chosen.calibrator) },
        ],
        actor: { workspaceId: run.workspaceId, userId: run.requestedByUserId, apiKeyId: null, label: 'training run', requestId: null },
      });
      return { stored: true as const, registered };
    });
    if (!stored.stored) {
      logger.info({ trainingRunId: run.id, status: stored.status }, 'training finished but the run was already settled; nothing stored');
      return;
    }
    if (stored.registered) logger.info({ trainingRunId: run.id, modelVersionId: stored.registered.id, version: stored.registered.version }, 'model version registered');
    logger.info({ trainingRunId: run.id, chosen: candidate.chosen, auc: finished.metrics }, 'training run succeeded');
  } catch (error) {
    settled = true;
    if (cancellation.signal.aborted) {
      // Cancelled by request: the run already says so; the job is done, not failed.
      logger.info({ trainingRunId: run.id }, 'training run cancelled');
      return;
    }
    if (timeLimit.aborted && !signal.aborted) {
      // Trying again would hit the same limit: the run fails for good, saying what to change.
      await updateTrainingRun(db, run.id, {
        status: 'failed',
        finishedAt: new Date(),
        error: { message: `Training stopped at its time limit of ${timeLimitSeconds} s; allow more time (timeLimitSeconds), fewer tuning trials or less data` },
      });
      logger.warn({ trainingRunId: run.id, timeLimitSeconds }, 'training run stopped at its time limit');
      return;
    }
    await updateTrainingRun(db, run.id, {
      status: signal.aborted ? 'cancelled' : 'failed',
      finishedAt: new Date(),
      error: { message: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  } finally {
    cancellation.stop();
  }
}
