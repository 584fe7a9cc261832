import { gradeBandsSchema } from '@scorebridge/shared';
import type { RowBatch } from '../datasets/table.ts';
import type { Db } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { loadTrainedModel } from '../training/scoring/load-trained-model.ts';
import { createBatchScorer, gradeOf, type ScoredRow } from '../training/scoring/score-batch.ts';
import { findRegisteredModelById } from './registered-models.repo.ts';
import { readUploadedVersion } from './uploaded-artifacts.ts';
import { createUploadedModelScorer } from './uploaded-models/index.ts';

/** Scores batches of table rows with any model version, trained or uploaded, for files (`scorebridge score`). */
export interface VersionFileScorer {
  kind: ModelVersionRow['kind'];
  score(rows: RowBatch, header: readonly string[]): Promise<ScoredRow[]>;
  release(): Promise<void>;
}

export async function createVersionFileScorer(db: Db, version: ModelVersionRow): Promise<VersionFileScorer> {
  if (version.kind !== 'onnx') {
    const score = createBatchScorer(await loadTrainedModel(db, version));
    return { kind: version.kind, score: (rows, header) => Promise.resolve(score(rows, header)), release: () => Promise.resolve() };
  }
  const model = await findRegisteredModelById(db, version.modelId);
  const bands = gradeBandsSchema.parse(model.gradeBands);
  const { inspection, servingBytes } = await readUploadedVersion(db, version.id);
  const scorer = await createUploadedModelScorer(inspection, servingBytes);
  return {
    kind: version.kind,
    async score(rows, header) {
      return (await scorer(rowsAsRecords(rows, header))).map((result) =>
        result.probability === null
          ? { score: null, grade: null, reasons: `not scored: ${result.problem ?? 'the row could not be read'}` }
          : { score: result.probability, grade: gradeOf(result.probability, bands), reasons: 'no reasons: an uploaded model is scored as a black box' },
      );
    },
    release: () => scorer.release(),
  };
}

/** Table rows as records keyed by the header's column names (a missing cell is null). */
function rowsAsRecords(rows: RowBatch, header: readonly string[]): Record<string, unknown>[] {
  return rows.map((cells) => Object.fromEntries(header.map((column, index) => [column, cells[index] ?? null])));
}
