import type { Executor } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { readVersionArtifact } from '../registry/model-versions.repo.ts';
import { UPLOADED_ARTIFACTS } from '../registry/uploaded-artifacts.ts';
import { parseUploadedModelInspection } from '../registry/uploaded-models/index.ts';
import { loadTrainedModel, VERSION_ARTIFACTS } from '../training/scoring/load-trained-model.ts';
import type { ServingModel } from './serving-model.ts';
import { createTrainedServingModel } from './trained-serving-model.ts';
import { createUploadedServingModel } from './uploaded-serving-model.ts';

async function artifactBytes(db: Executor, version: ModelVersionRow, name: string): Promise<Buffer> {
  const artifact = await readVersionArtifact(db, version.id, name);
  if (!artifact) throw new NotFoundError('Artifact', `${name} of model version ${version.id}`);
  return artifact.data;
}

/** Reads a version's files and opens its ONNX Runtime session. */
export async function loadServingModel(db: Executor, version: ModelVersionRow): Promise<ServingModel> {
  if (version.kind === 'onnx') {
    const inspection = parseUploadedModelInspection(JSON.parse((await artifactBytes(db, version, UPLOADED_ARTIFACTS.inspection)).toString('utf8')));
    return createUploadedServingModel(version, inspection, await artifactBytes(db, version, UPLOADED_ARTIFACTS.servingOnnx));
  }
  const [trained, onnx] = await Promise.all([loadTrainedModel(db, version), artifactBytes(db, version, VERSION_ARTIFACTS.onnx)]);
  return createTrainedServingModel(version, trained, onnx);
}
