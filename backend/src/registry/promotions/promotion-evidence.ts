import { datasetProfileSchema, startTrainingRunSchema, type HoldoutEvaluation, type PromotionEvidence } from '@scorebridge/shared';
import { readSnapshot } from '../../datasets/dataset-reader.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import { analyzeTarget, buildQualityReport } from '../../datasets/profile/index.ts';
import type { Db } from '../../db/client.ts';
import type { ModelVersionRow } from '../../db/schema/index.ts';
import { evaluatePredictions } from '../../training/evaluation/index.ts';
import { findTrainingRun } from '../../training/runs/training-runs.repo.ts';
import { loadRunHoldout, versionProbabilities, type Holdout } from './holdout-scoring.ts';

/**
 * What an admin sees before approving: the candidate and the version the alias points at now,
 * scored on the same rows (the holdout of the run that trained the candidate; for an uploaded
 * candidate, the current version's holdout), and the data-quality verdict of the training data.
 * Rows either version cannot score are left out of both, so the comparison stays like for like.
 */
export async function computePromotionEvidence(db: Db, candidate: ModelVersionRow, current: ModelVersionRow | null): Promise<PromotionEvidence> {
  const notes: string[] = [];
  const source = candidate.trainingRunId ? candidate : current?.trainingRunId ? current : null;
  const run = source?.trainingRunId ? await findTrainingRun(db, source.workspaceId, source.trainingRunId) : undefined;
  const holdout = run ? await loadRunHoldout(db, run) : null;
  if (!holdout) notes.push('No holdout to compare on: neither version was trained here on data that still exists; judge by other evidence.');
  if (holdout && source !== candidate) notes.push('The candidate was uploaded: both versions are compared on the current version’s holdout.');

  let candidateMetrics: HoldoutEvaluation | null = null;
  let currentMetrics: HoldoutEvaluation | null = null;
  if (holdout) {
    const candidateScores = await versionProbabilities(db, candidate, holdout);
    const currentScores = current ? await versionProbabilities(db, current, holdout) : null;
    const keep = rowsBothScored(holdout, candidateScores, currentScores);
    if (keep.length < holdout.rows.length) notes.push(`${holdout.rows.length - keep.length} of ${holdout.rows.length} holdout rows could not be scored by a version and are left out of both.`);
    candidateMetrics = evaluateOn(candidate, candidateScores, holdout.labels, keep, notes);
    if (current && currentScores) currentMetrics = evaluateOn(current, currentScores, holdout.labels, keep, notes);
  }
  return {
    holdout: holdout ? { datasetId: holdout.dataset.id, trainingRunId: holdout.run.id, rows: holdout.rows.length, positives: countPositives(holdout.labels), split: holdout.split } : null,
    candidate: candidateMetrics,
    current: currentMetrics,
    quality: await trainingDataQuality(db, candidate),
    notes,
  };
}

function rowsBothScored(holdout: Holdout, a: Float64Array, b: Float64Array | null): number[] {
  const keep: number[] = [];
  for (let row = 0; row < holdout.rows.length; row++) {
    if (Number.isFinite(holdout.labels[row]!) && Number.isFinite(a[row]!) && (b === null || Number.isFinite(b[row]!))) keep.push(row);
  }
  return keep;
}

function evaluateOn(version: ModelVersionRow, scores: Float64Array, labels: Float64Array, keep: number[], notes: string[]): HoldoutEvaluation | null {
  try {
    const report = evaluatePredictions(
      Float64Array.from(keep, (row) => scores[row]!),
      Float64Array.from(keep, (row) => labels[row]!),
    );
    return {
      versionId: version.id,
      version: version.version,
      rocAuc: report.rocAuc,
      prAuc: report.prAuc,
      logLoss: report.logLoss,
      brierScore: report.brierScore,
      expectedCalibrationError: report.calibration.expectedCalibrationError,
      calibration: report.calibration.bins.map((bin) => ({ meanPredicted: bin.meanPredicted, observedRate: bin.observedRate, count: bin.count })),
      lift: report.lift.rows.map((row) => ({ group: row.group, lift: row.lift, cumulativeGain: row.cumulativeGain })),
    };
  } catch (error) {
    notes.push(`Version ${version.version} could not be evaluated on the holdout: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function countPositives(labels: Float64Array): number {
  let positives = 0;
  for (const label of labels) if (label === 1) positives += 1;
  return positives;
}

/** The readiness verdict of the candidate's training data for the target it was trained on. */
async function trainingDataQuality(db: Db, candidate: ModelVersionRow): Promise<PromotionEvidence['quality']> {
  if (!candidate.trainingRunId) return null;
  const run = await findTrainingRun(db, candidate.workspaceId, candidate.trainingRunId);
  const request = startTrainingRunSchema.safeParse(run?.request);
  const dataset = run ? await findDataset(db, run.workspaceId, run.datasetId) : undefined;
  const profile = datasetProfileSchema.safeParse(dataset?.profile);
  if (!request.success || !dataset || !profile.success) return null;
  const target = { column: request.data.target, ...(request.data.positive ? { positive: request.data.positive } : {}), ...(request.data.negative ? { negative: request.data.negative } : {}) };
  const analysis = await analyzeTarget(readSnapshot(db, dataset), profile.data, target);
  const report = buildQualityReport(profile.data, analysis, { excludedColumns: request.data.exclude });
  return { datasetId: dataset.id, ready: report.readiness.ready, reasons: report.readiness.reasons };
}
