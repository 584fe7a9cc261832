import { AUDIT_ACTIONS } from '@scorebridge/shared';
import { DEFAULT_GRADE_BANDS } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/index.ts';
import type { Actor } from '../auth/principal.ts';
import type { Db } from '../db/client.ts';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { insertNextModelVersion, insertVersionArtifacts } from './model-versions.repo.ts';
import { insertRegisteredModelIfAbsent, lockRegisteredModel } from './registered-models.repo.ts';
import { notifyRegistryChange } from './registry-changes.ts';
import { UPLOADED_ARTIFACTS } from './uploaded-artifacts.ts';
import { inspectUploadedModel, parseFieldMapping, type FieldMapping } from './uploaded-models/index.ts';

export interface ModelUpload {
  bytes: Uint8Array;
  /** As given: parsed and checked against the model's inputs by the inspection. */
  mapping: unknown;
  positive?: string | undefined;
  description?: string | undefined;
}

/** The record fields a mapping reads, in order, once each. */
function mappedFields(mapping: FieldMapping): string[] {
  return [...new Set(mapping.kind === 'tensor' ? mapping.fields : Object.values(mapping.inputs))];
}

/**
 * Registers an ONNX model made by another tool as the next candidate version of a model (created
 * when absent). The file is inspected first (it loads, its inputs fit the mapping, a test row runs,
 * ZipMap rewritten): a refusal is a 422 naming what to change, and nothing is stored.
 */
export async function uploadModelVersion(db: Db, actor: Actor, modelName: string, upload: ModelUpload): Promise<ModelVersionRow> {
  const { inspection, servingBytes } = await inspectUploadedModel(upload.bytes, { mapping: parseFieldMapping(upload.mapping), ...(upload.positive ? { positive: upload.positive } : {}) });
  return db.transaction(async (tx) => {
    const { row, created } = await insertRegisteredModelIfAbsent(tx, {
      workspaceId: actor.workspaceId,
      name: modelName,
      // An uploaded model brings no target column; the positive class is what it predicts.
      target: { column: '(uploaded model)', positive: inspection.positiveLabel },
      gradeBands: DEFAULT_GRADE_BANDS,
      createdByUserId: actor.userId,
    });
    const model = (await lockRegisteredModel(tx, row.id))!;
    if (created) await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.modelCreated, targetType: 'registered_model', targetId: model.id, after: { name: model.name, target: model.target } });
    const version = await insertNextModelVersion(tx, {
      workspaceId: actor.workspaceId,
      modelId: model.id,
      source: 'uploaded',
      kind: 'onnx',
      inputFields: mappedFields(inspection.mapping),
      description: upload.description ?? null,
      createdByUserId: actor.userId,
    });
    await insertVersionArtifacts(tx, version.id, [
      { name: UPLOADED_ARTIFACTS.originalOnnx, contentType: 'application/onnx', data: Buffer.from(upload.bytes) },
      { name: UPLOADED_ARTIFACTS.servingOnnx, contentType: 'application/onnx', data: Buffer.from(servingBytes) },
      { name: UPLOADED_ARTIFACTS.inspection, contentType: 'application/json', data: Buffer.from(JSON.stringify(inspection)) },
    ]);
    await recordAuditEvent(tx, actor, {
      action: AUDIT_ACTIONS.modelVersionUploaded,
      targetType: 'model_version',
      targetId: version.id,
      after: { model: model.name, version: version.version, producer: inspection.producer, positiveLabel: inspection.positiveLabel, rewrites: inspection.rewrites },
    });
    await notifyRegistryChange(tx, { workspaceId: actor.workspaceId, modelId: model.id, kind: 'version' });
    return version;
  });
}
