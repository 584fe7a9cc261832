import { AUDIT_ACTIONS, gradeBandsSchema, type ModelVersion, type RegisteredModel, type RetrainingSchedule, type TargetSpec, type UpdateModel } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/index.ts';
import type { Actor } from '../auth/principal.ts';
import type { RegisteredModelRow } from '../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { findModelVersionView, listModelVersions, type ModelVersionView } from './model-versions.repo.ts';
import { createPromotionsService, type PromotionsDeps } from './promotions/promotions.service.ts';
import { notifyRegistryChange } from './registry-changes.ts';
import { parseSegment } from './segments.ts';
import { deleteRecordScoresOfObjects } from './record-routing.repo.ts';
import { uploadModelVersion, type ModelUpload } from './upload-version.ts';
import { findRegisteredModel, listRegisteredModels, lockRegisteredModel, updateRegisteredModel, viewRegisteredModel, type RegisteredModelView } from './registered-models.repo.ts';

const DAY_MS = 86_400_000;

export function toRegisteredModel(row: RegisteredModelView): RegisteredModel {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    crmObject: row.crmObject,
    segment: parseSegment(row.segment),
    target: row.target as TargetSpec,
    gradeBands: gradeBandsSchema.parse(row.gradeBands),
    experimentId: row.experimentId,
    retrainEveryDays: row.retrainEveryDays,
    nextRetrainAt: row.nextRetrainAt?.toISOString() ?? null,
    aliases: row.aliases,
    latestVersion: row.latestVersion,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The CRM objects whose records a change of model moves between models. */
function routingChanged(before: RegisteredModelRow, after: RegisteredModelRow): string[] {
  const objects = new Set<string>();
  if (before.crmObject !== after.crmObject) for (const object of [before.crmObject, after.crmObject]) if (object) objects.add(object);
  if (JSON.stringify(before.segment) !== JSON.stringify(after.segment) && after.crmObject) objects.add(after.crmObject);
  return [...objects];
}

export function toModelVersion(row: ModelVersionView): ModelVersion {
  return {
    id: row.id,
    modelId: row.modelId,
    modelName: row.modelName,
    version: row.version,
    source: row.source,
    kind: row.kind,
    trainingRunId: row.trainingRunId,
    datasetId: row.datasetId,
    metrics: (row.metrics as Record<string, number> | null) ?? null,
    inputFields: row.inputFields,
    aliases: row.aliases,
    codeVersion: row.codeVersion,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Registered models and their versions, uploads, the retraining schedule, and promotions (see promotions/). */
export function createRegistryService({ db, afterRoutingChanged, ...promotionOptions }: PromotionsDeps) {
  const promotions = createPromotionsService({ db, ...promotionOptions });
  async function requireModel(workspaceId: string, name: string) {
    const model = await findRegisteredModel(db, workspaceId, name);
    if (!model) throw new NotFoundError('Model', `"${name}"`);
    return model;
  }

  return {
    promotions,

    async list(workspaceId: string): Promise<RegisteredModel[]> {
      return (await listRegisteredModels(db, workspaceId)).map(toRegisteredModel);
    },

    async get(workspaceId: string, name: string): Promise<RegisteredModel> {
      return toRegisteredModel(await viewRegisteredModel(db, await requireModel(workspaceId, name)));
    },

    async versions(workspaceId: string, name: string): Promise<ModelVersion[]> {
      const model = await requireModel(workspaceId, name);
      return (await listModelVersions(db, workspaceId, model.id)).map(toModelVersion);
    },

    /** Edits what a model scores and how it grades; announced so serving picks the bands up at once. */
    async update(actor: Actor, name: string, patch: UpdateModel): Promise<RegisteredModel> {
      const model = await requireModel(actor.workspaceId, name);
      const updated = await db.transaction(async (tx) => {
        const before = (await lockRegisteredModel(tx, model.id))!;
        const row = await updateRegisteredModel(tx, model.id, {
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.crmObject !== undefined ? { crmObject: patch.crmObject } : {}),
          ...(patch.gradeBands !== undefined ? { gradeBands: patch.gradeBands } : {}),
          ...(patch.segment !== undefined ? { segment: patch.segment } : {}),
        });
        await recordAuditEvent(tx, actor, {
          action: AUDIT_ACTIONS.modelUpdated,
          targetType: 'registered_model',
          targetId: model.id,
          before: { description: before.description, crmObject: before.crmObject, gradeBands: before.gradeBands, segment: before.segment },
          after: { description: row.description, crmObject: row.crmObject, gradeBands: row.gradeBands, segment: row.segment },
        });
        await notifyRegistryChange(tx, { workspaceId: actor.workspaceId, modelId: model.id, kind: 'model' });
        const rerouted = routingChanged(before, row);
        // Which model scores which record has changed: the stored scores of those objects are
        // derived data and are scored again from the synced records (and written back anew).
        if (rerouted.length > 0) await deleteRecordScoresOfObjects(tx, actor.workspaceId, rerouted);
        return { row, rerouted };
      });
      if (updated.rerouted.length > 0) await afterRoutingChanged?.({ workspaceId: actor.workspaceId, objects: updated.rerouted }).catch(() => {});
      return toRegisteredModel(await viewRegisteredModel(db, updated.row));
    },

    /** Registers a third-party ONNX model as the next candidate version (see upload-version.ts). */
    async upload(actor: Actor, name: string, upload: ModelUpload): Promise<ModelVersion> {
      const version = await uploadModelVersion(db, actor, name, upload);
      return toModelVersion((await findModelVersionView(db, actor.workspaceId, version.id))!);
    },

    /**
     * Sets or stops the retraining schedule. The first retraining is due `everyDays` after now;
     * each one registers a candidate version and moves no alias.
     */
    async setRetrainingSchedule(actor: Actor, name: string, schedule: RetrainingSchedule, now = new Date()): Promise<RegisteredModel> {
      const model = await requireModel(actor.workspaceId, name);
      const updated = await db.transaction(async (tx) => {
        const before = (await lockRegisteredModel(tx, model.id))!;
        const row = await updateRegisteredModel(tx, model.id, {
          retrainEveryDays: schedule.everyDays,
          nextRetrainAt: schedule.everyDays === null ? null : new Date(now.getTime() + schedule.everyDays * DAY_MS),
        });
        await recordAuditEvent(tx, actor, {
          action: AUDIT_ACTIONS.retrainingScheduleChanged,
          targetType: 'registered_model',
          targetId: model.id,
          before: { retrainEveryDays: before.retrainEveryDays },
          after: { retrainEveryDays: row.retrainEveryDays, nextRetrainAt: row.nextRetrainAt },
        });
        return row;
      });
      return toRegisteredModel(await viewRegisteredModel(db, updated));
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
