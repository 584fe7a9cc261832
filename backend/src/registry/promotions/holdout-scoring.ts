import { datasetProfileSchema, startTrainingRunSchema, type TargetSpec } from '@scorebridge/shared';
import { readSnapshot } from '../../datasets/dataset-reader.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import type { RowBatch } from '../../datasets/table.ts';
import type { Db } from '../../db/client.ts';
import type { DatasetRow, ModelVersionRow, TrainingRunRow } from '../../db/schema/index.ts';
import { applyCalibrator } from '../../training/calibration/index.ts';
import { predictRaw } from '../../training/gbdt/index.ts';
import { compileLogisticModel } from '../../training/linear/index.ts';
import { splitDataset } from '../../training/pipeline/index.ts';
import { loadTrainedModel } from '../../training/scoring/load-trained-model.ts';
import { readVersionArtifact } from '../model-versions.repo.ts';
import { createUploadedModelScorer, parseUploadedModelInspection } from '../uploaded-models/index.ts';
import { UPLOADED_ARTIFACTS } from '../uploaded-artifacts.ts';

/** The rows a run was judged on, as raw cells, with their outcomes. */
export interface Holdout {
  dataset: DatasetRow;
  run: TrainingRunRow;
  header: string[];
  rows: RowBatch;
  labels: Float64Array;
  split: string;
}

/** Rebuilds the exact holdout of a succeeded run (same dataset, target, date column and seed). */
export async function loadRunHoldout(db: Db, run: TrainingRunRow): Promise<Holdout | null> {
  const request = startTrainingRunSchema.safeParse(run.request);
  const dataset = await findDataset(db, run.workspaceId, run.datasetId);
  if (!request.success || !dataset) return null;
  const profile = datasetProfileSchema.safeParse(dataset.profile);
  if (!profile.success) return null;
  const target: TargetSpec = { column: request.data.target, ...(request.data.positive ? { positive: request.data.positive } : {}), ...(request.data.negative ? { negative: request.data.negative } : {}) };
  const { split, labels } = await splitDataset({ read: () => readSnapshot(db, dataset), profile: profile.data, target, dateColumn: request.data.dateColumn ?? null }, request.data.seed);
  const wanted = new Set(split.holdout);
  const rows: RowBatch = [];
  const holdoutLabels: number[] = [];
  let index = 0;
  for await (const batch of readSnapshot(db, dataset).batches) {
    for (const cells of batch) {
      if (wanted.has(index)) {
        rows.push(cells);
        holdoutLabels.push(labels[index]!);
      }
      index += 1;
    }
  }
  return { dataset, run, header: dataset.columns, rows, labels: Float64Array.from(holdoutLabels), split: split.summary.kind };
}

/** A version's calibrated probabilities on the holdout rows; NaN for a row it cannot score. */
export async function versionProbabilities(db: Db, version: ModelVersionRow, holdout: Holdout): Promise<Float64Array> {
  const probabilities = new Float64Array(holdout.rows.length).fill(Number.NaN);
  if (version.kind === 'onnx') {
    const inspection = parseUploadedModelInspection(JSON.parse((await readVersionArtifact(db, version.id, UPLOADED_ARTIFACTS.inspection))!.data.toString('utf8')));
    const scorer = await createUploadedModelScorer(inspection, (await readVersionArtifact(db, version.id, UPLOADED_ARTIFACTS.servingOnnx))!.data);
    try {
      const records = holdout.rows.map((cells) => Object.fromEntries(holdout.header.map((column, index) => [column, cells[index] ?? null])));
      (await scorer(records)).forEach((result, index) => (probabilities[index] = result.probability ?? Number.NaN));
    } finally {
      await scorer.release();
    }
    return probabilities;
  }
  const trained = await loadTrainedModel(db, version);
  const matrix = trained.transformer.transformBatch(holdout.rows, holdout.header);
  const raw = trained.kind === 'gbdt' ? predictRaw(trained.model, matrix) : compileLogisticModel(trained.model, trained.transformer.features).predictRaw(matrix);
  raw.forEach((value, index) => (probabilities[index] = Number.isFinite(value) ? applyCalibrator(trained.calibrator, value) : Number.NaN));
  return probabilities;
}
