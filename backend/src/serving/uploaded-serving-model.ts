import type { ModelVersionRow } from '../db/schema/index.ts';
import { createUploadedModelScorer, type UploadedModelInspection } from '../registry/uploaded-models/index.ts';
import { isRecordObject, MEMORY_PER_FILE_BYTE, notAnObject, type ScoredRecord, type ServingModel } from './serving-model.ts';

/**
 * An uploaded ONNX version for serving: records fill its inputs as its field mapping says and its
 * positive class's probability is the score. A third-party graph has no explanation we can trust,
 * so it has no reasons and no base score.
 */
export async function createUploadedServingModel(version: ModelVersionRow, inspection: UploadedModelInspection, servingBytes: Uint8Array): Promise<ServingModel> {
  const scorer = await createUploadedModelScorer(inspection, servingBytes);
  return {
    version,
    explanation: null,
    baseProbability: null,
    estimatedBytes: MEMORY_PER_FILE_BYTE * servingBytes.byteLength,
    // An uploaded model's inputs are tensors of numbers or strings: no field is known to be a date.
    dateFields: [],
    async score(records: readonly unknown[]): Promise<ScoredRecord[]> {
      const objects = records.filter(isRecordObject);
      const scored = objects.length > 0 ? await scorer(objects) : [];
      let next = 0;
      return records.map((record) => (isRecordObject(record) ? scored[next++]! : { probability: null, problem: notAnObject(record) }));
    },
    release: () => scorer.release(),
  };
}
