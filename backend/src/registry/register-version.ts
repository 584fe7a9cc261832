import { AUDIT_ACTIONS, DEFAULT_GRADE_BANDS, type TargetSpec } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/index.ts';
import type { Actor } from '../auth/principal.ts';
import type { Executor } from '../db/client.ts';
import type { ModelVersionRow, RegisteredModelRow } from '../db/schema/index.ts';
import { ConflictError } from '../errors.ts';
import { insertNextModelVersion, insertVersionArtifacts, type VersionArtifact } from './model-versions.repo.ts';
import { findRegisteredModel, insertRegisteredModelIfAbsent, lockRegisteredModel, updateRegisteredModel } from './registered-models.repo.ts';
import { notifyRegistryChange } from './registry-changes.ts';

/** Targets are the same when they read the same column with the same positive and negative values. */
export function sameTarget(a: TargetSpec, b: TargetSpec): boolean {
  const values = (value: string | string[] | undefined) => JSON.stringify(value === undefined ? null : [value].flat().sort());
  return a.column === b.column && values(a.positive) === values(b.positive) && values(a.negative) === values(b.negative);
}

function describeTarget(target: TargetSpec): string {
  return `${target.column}${target.positive ? ` = ${[target.positive].flat().join(' or ')}` : ''}`;
}

/** Refuses, before any work, to register a run into a model that predicts something else. */
export async function checkRegistrationTarget(db: Executor, workspaceId: string, modelName: string, target: TargetSpec): Promise<void> {
  const model = await findRegisteredModel(db, workspaceId, modelName);
  if (model) assertSameTarget(model, target);
}

function assertSameTarget(model: RegisteredModelRow, target: TargetSpec): void {
  const registered = model.target as TargetSpec;
  if (!sameTarget(registered, target)) {
    throw new ConflictError(`Model "${model.name}" predicts ${describeTarget(registered)}, not ${describeTarget(target)}: register under another model name, or train with the model's target`);
  }
}

export interface NewTrainedVersion {
  workspaceId: string;
  modelName: string;
  target: TargetSpec;
  experimentId: string;
  trainingRunId: string;
  datasetId: string;
  kind: 'gbdt' | 'logistic';
  /** The CRM object the model scores, when known (the run's request, or a synced dataset's object). */
  crmObject: string | null;
  metrics: Record<string, number>;
  inputFields: string[];
  codeVersion: string | null;
  artifacts: readonly VersionArtifact[];
  actor: Actor;
}

/**
 * Adds a trained model as the next version of a registered model (created on first use) with its
 * artifacts and audit events. Call it inside the transaction that marks the run succeeded: the
 * version exists exactly when the run does, and no alias moves, so a new version is only a candidate.
 */
export async function registerTrainedVersion(tx: Executor, input: NewTrainedVersion): Promise<ModelVersionRow> {
  const { row, created } = await insertRegisteredModelIfAbsent(tx, {
    workspaceId: input.workspaceId,
    name: input.modelName,
    target: input.target,
    gradeBands: DEFAULT_GRADE_BANDS,
    experimentId: input.experimentId,
    crmObject: input.crmObject,
    createdByUserId: input.actor.userId,
  });
  let model = (await lockRegisteredModel(tx, row.id))!;
  // A model registered before anyone said what it scores learns it from its first synced data.
  if (model.crmObject === null && input.crmObject !== null) model = await updateRegisteredModel(tx, model.id, { crmObject: input.crmObject });
  assertSameTarget(model, input.target);
  if (created) {
    await recordAuditEvent(tx, input.actor, { action: AUDIT_ACTIONS.modelCreated, targetType: 'registered_model', targetId: model.id, after: { name: model.name, target: model.target } });
  }
  const version = await insertNextModelVersion(tx, {
    workspaceId: input.workspaceId,
    modelId: model.id,
    source: 'trained',
    kind: input.kind,
    trainingRunId: input.trainingRunId,
    datasetId: input.datasetId,
    metrics: input.metrics,
    inputFields: input.inputFields,
    codeVersion: input.codeVersion,
    createdByUserId: input.actor.userId,
  });
  await insertVersionArtifacts(tx, version.id, input.artifacts);
  await recordAuditEvent(tx, input.actor, {
    action: AUDIT_ACTIONS.modelVersionRegistered,
    targetType: 'model_version',
    targetId: version.id,
    after: { model: model.name, version: version.version, kind: version.kind, trainingRunId: input.trainingRunId, metrics: input.metrics },
  });
  // A bare model name may mean the newest version (no champion yet): serving must hear of it.
  await notifyRegistryChange(tx, { workspaceId: input.workspaceId, modelId: model.id, kind: 'version' });
  return version;
}
