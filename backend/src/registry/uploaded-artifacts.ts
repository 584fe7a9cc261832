import type { Executor } from '../db/client.ts';
import { NotFoundError } from '../errors.ts';
import { readVersionArtifact } from './model-versions.repo.ts';
import { parseUploadedModelInspection, type UploadedModelInspection } from './uploaded-models/index.ts';

/** The files an uploaded (third-party ONNX) version keeps. */
export const UPLOADED_ARTIFACTS = Object.freeze({
  /** The file as uploaded, byte for byte. */
  originalOnnx: 'uploaded.onnx',
  /** The file rewritten for serving (ZipMap removed, batch axis freed); what scores. */
  servingOnnx: 'model.onnx',
  /** What inspection found: inputs, outputs, class labels, the positive class, the field mapping. */
  inspection: 'inspection.json',
} as const);

/** A version's file, or a 404 naming it (a version is stored with all its files, so this means it was damaged). */
export async function requireVersionArtifact(db: Executor, versionId: string, name: string): Promise<Buffer> {
  const artifact = await readVersionArtifact(db, versionId, name);
  if (!artifact) throw new NotFoundError('Artifact', `${name} of model version ${versionId}`);
  return artifact.data;
}

/** What an uploaded version scores with: its inspection (validated again as it is read) and the rewritten file. */
export async function readUploadedVersion(db: Executor, versionId: string): Promise<{ inspection: UploadedModelInspection; servingBytes: Buffer }> {
  const [inspection, servingBytes] = await Promise.all([requireVersionArtifact(db, versionId, UPLOADED_ARTIFACTS.inspection), requireVersionArtifact(db, versionId, UPLOADED_ARTIFACTS.servingOnnx)]);
  return { inspection: parseUploadedModelInspection(JSON.parse(inspection.toString('utf8'))), servingBytes };
}
