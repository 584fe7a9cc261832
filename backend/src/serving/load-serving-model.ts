import type { Executor } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { readUploadedVersion, requireVersionArtifact } from '../registry/uploaded-artifacts.ts';
import { loadTrainedModel, VERSION_ARTIFACTS } from '../training/scoring/load-trained-model.ts';
import type { ServingModel } from './serving-model.ts';
import { createTrainedServingModel } from './trained-serving-model.ts';
import { createUploadedServingModel } from './uploaded-serving-model.ts';

/** Reads a version's files and opens its ONNX Runtime session. */
export async function loadServingModel(db: Executor, version: ModelVersionRow): Promise<ServingModel> {
  if (version.kind === 'onnx') {
    const { inspection, servingBytes } = await readUploadedVersion(db, version.id);
    return createUploadedServingModel(version, inspection, servingBytes);
  }
  const [trained, onnx] = await Promise.all([loadTrainedModel(db, version), requireVersionArtifact(db, version.id, VERSION_ARTIFACTS.onnx)]);
  return createTrainedServingModel(version, trained, onnx);
}
