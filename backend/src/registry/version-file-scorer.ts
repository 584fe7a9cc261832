import { gradeBandsSchema } from '@scorebridge/shared';
import type { RowBatch } from '../datasets/table.ts';
import type { Db } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { loadTrainedModel } from '../training/scoring/load-trained-model.ts';
import { createBatchScorer, gradeOf, type ScoredRow } from '../training/scoring/score-batch.ts';
import { readVersionArtifact } from './model-versions.repo.ts';
import { findRegisteredModelById } from './registered-models.repo.ts';
import { UPLOADED_ARTIFACTS } from './uploaded-artifacts.ts';
import { createUploadedModelScorer, parseUploadedModelInspection } from './uploaded-models/index.ts';

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
  const inspection = parseUploadedModelInspection(JSON.parse((await readVersionArtifact(db, version.id, UPLOADED_ARTIFACTS.inspection))!.data.toString('utf8')));
  const scorer = await createUploadedModelScorer(inspection, (await readVersionArtifact(db, version.id, UPLOADED_ARTIFACTS.servingOnnx))!.data);
  return {
    kind: version.kind,
    async score(rows, header) {
      const records = rows.map((cells) => Object.fromEntries(header.map((column, index) => [column, cells[index] ?? null])));
      return (await scorer(records)).map((result) =>
        result.probability === null
          ? { score: null, grade: null, reasons: `not scored: ${result.problem ?? 'the row could not be read'}` }
          : { score: result.probability, grade: gradeOf(result.probability, bands), reasons: 'no reasons: an uploaded model is scored as a black box' },
      );
    },
    release: () => scorer.release(),
  };
}
