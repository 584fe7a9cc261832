import { datasetProfileSchema, startTrainingRunSchema, type TargetSpec } from '@scorebridge/shared';
import { readSnapshot } from '../../datasets/dataset-reader.ts';
import { findDataset } from '../../datasets/datasets.repo.ts';
import type { RowBatch } from '../../datasets/table.ts';
import type { Db } from '../../db/client.ts';
import type { DatasetRow, ModelVersionRow, TrainingRunRow } from '../../db/schema/index.ts';
import { splitDataset } from '../../training/pipeline/index.ts';
import { createVersionFileScorer } from '../version-file-scorer.ts';

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

/** A version's calibrated probabilities on the holdout rows, scored as `scorebridge score` scores a file; NaN for a row it cannot score. */
export async function versionProbabilities(db: Db, version: ModelVersionRow, holdout: Holdout): Promise<Float64Array> {
  const scorer = await createVersionFileScorer(db, version);
  try {
    const scored = await scorer.score(holdout.rows, holdout.header);
    return Float64Array.from(scored, (row) => row.score ?? Number.NaN);
  } finally {
    await scorer.release();
  }
}
