import { AUDIT_ACTIONS, type ApprovePromotion, type CreatePromotion, type PromotionEvidence, type PromotionPolicyResult, type PromotionRequest, type RegisteredModel, type Rollback } from '@scorebridge/shared';
import { recordAuditEvent } from '../../audit/index.ts';
import type { Actor } from '../../auth/principal.ts';
import type { Db } from '../../db/client.ts';
import type { PromotionRequestRow, RegisteredModelRow } from '../../db/schema/index.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import { findAlias, moveAlias } from '../model-aliases.repo.ts';
import { findModelVersionView, findVersionByNumber } from '../model-versions.repo.ts';
import { findRegisteredModel, lockRegisteredModel, viewRegisteredModel } from '../registered-models.repo.ts';
import { toRegisteredModel } from '../registry.service.ts';
import { computePromotionEvidence } from './promotion-evidence.ts';
import { DEFAULT_PROMOTION_POLICY, evaluatePromotionPolicy, type PromotionPolicy } from './promotion-policy.ts';
import { decidePendingPromotion, findLastApprovedPromotion, findPromotionView, insertPromotionRequest, listPromotionViews, type PromotionView } from './promotions.repo.ts';

export function toPromotionRequest(view: PromotionView): PromotionRequest {
  return {
    id: view.id,
    modelId: view.modelId,
    modelName: view.modelName,
    alias: view.alias,
    version: view.version,
    versionId: view.versionId,
    fromVersion: view.fromVersion,
    status: view.status,
    reason: view.reason,
    evidence: view.evidence as PromotionEvidence,
    policy: view.policy as PromotionPolicyResult,
    requestedByUserId: view.requestedByUserId,
    decidedByUserId: view.decidedByUserId,
    decisionComment: view.decisionComment,
    overrideReason: view.overrideReason,
    createdAt: view.createdAt.toISOString(),
    decidedAt: view.decidedAt?.toISOString() ?? null,
  };
}

/** Called after an alias moved and the change committed: serving rescoring, write-back. */
export type AliasMovedHook = (change: { workspaceId: string; model: RegisteredModelRow; alias: string; versionId: string }) => Promise<void>;

export interface PromotionsDeps {
  db: Db;
  policy?: PromotionPolicy;
  afterAliasMoved?: AliasMovedHook;
  /** Called after a model's CRM object or segment changed: the objects whose records must be routed and scored again. */
  afterRoutingChanged?: (change: { workspaceId: string; objects: string[] }) => Promise<void>;
}

/** Four-eyes decisions need a person on each side; a key of the installation or a bare CLI is not one. */
function requirePerson(actor: Actor, what: string): string {
  if (!actor.userId) throw new ForbiddenError(`${what} needs a person: use a user's API key (the CLI: --as <email>)`);
  return actor.userId;
}

/**
 * Promotion requests with evidence, the four-eyes rule, policy overrides and rollbacks. Every step
 * writes an audit event in the transaction that makes it; an alias moves only through `moveAlias`,
 * which tells every serving process.
 */
export function createPromotionsService({ db, policy = DEFAULT_PROMOTION_POLICY, afterAliasMoved }: PromotionsDeps) {
  async function requireModel(workspaceId: string, name: string): Promise<RegisteredModelRow> {
    const model = await findRegisteredModel(db, workspaceId, name);
    if (!model) throw new NotFoundError('Model', `"${name}"`);
    return model;
  }

  async function view(workspaceId: string, id: string): Promise<PromotionRequest> {
    const found = await findPromotionView(db, workspaceId, id);
    if (!found) throw new NotFoundError('Promotion request', id);
    return toPromotionRequest(found);
  }

  async function aliasMoved(workspaceId: string, model: RegisteredModelRow, alias: string, versionId: string): Promise<void> {
    // After the commit; a failing hook (a job that could not be queued) must not undo the decision.
    await afterAliasMoved?.({ workspaceId, model, alias, versionId }).catch(() => {});
  }

  /** Settles a pending request the actor may decide, or says why not. */
  async function decide(actor: Actor, id: string, decision: (request: PromotionView) => Pick<PromotionRequestRow, 'status' | 'decisionComment' | 'overrideReason'>, onDecided?: (request: PromotionView, tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<void>) {
    const request = await findPromotionView(db, actor.workspaceId, id);
    if (!request) throw new NotFoundError('Promotion request', id);
    const settled = decision(request);
    await db.transaction(async (tx) => {
      await lockRegisteredModel(tx, request.modelId);
      const decided = await decidePendingPromotion(tx, id, { ...settled, decidedByUserId: actor.userId });
      if (!decided) {
        const now = await findPromotionView(tx, actor.workspaceId, id);
        throw new ConflictError(`Promotion request ${id} is already ${now?.status ?? 'gone'}; nothing changed`);
      }
      await onDecided?.(request, tx);
    });
    return request;
  }

  return {
    get: view,

    async list(workspaceId: string, filter: { status?: PromotionRequest['status'] | undefined; model?: string | undefined }): Promise<PromotionRequest[]> {
      const model = filter.model ? await requireModel(workspaceId, filter.model) : undefined;
      return (await listPromotionViews(db, workspaceId, { ...(filter.status ? { status: filter.status } : {}), ...(model ? { modelId: model.id } : {}) })).map(toPromotionRequest);
    },

    /** An analyst asks to point an alias at a version; the evidence and the policy verdict are computed now and kept. */
    async request(actor: Actor, modelName: string, input: CreatePromotion): Promise<PromotionRequest> {
      const userId = requirePerson(actor, 'A promotion request');
      const model = await requireModel(actor.workspaceId, modelName);
      const version = await findVersionByNumber(db, model.id, input.version);
      if (!version) throw new NotFoundError(`Version ${input.version} of model`, `"${model.name}"`);
      const currentAlias = await findAlias(db, model.id, input.alias);
      if (currentAlias?.versionId === version.id) throw new ConflictError(`"${input.alias}" already points at version ${version.version} of "${model.name}"`);
      const current = currentAlias ? (await findModelVersionView(db, actor.workspaceId, currentAlias.versionId)) ?? null : null;
      const evidence = await computePromotionEvidence(db, version, current);
      const verdict = evaluatePromotionPolicy(evidence, policy);
      const created = await db.transaction(async (tx) => {
        const row = await insertPromotionRequest(tx, {
          workspaceId: actor.workspaceId,
          modelId: model.id,
          alias: input.alias,
          versionId: version.id,
          fromVersionId: current?.id ?? null,
          status: 'pending',
          reason: input.reason,
          evidence,
          policy: verdict,
          requestedByUserId: userId,
        });
        await recordAuditEvent(tx, actor, {
          action: AUDIT_ACTIONS.promotionRequested,
          targetType: 'promotion_request',
          targetId: row.id,
          after: { model: model.name, alias: input.alias, version: version.version, fromVersion: current?.version ?? null, policyPassed: verdict.passed, reason: input.reason },
        });
        return row;
      });
      return view(actor.workspaceId, created.id);
    },

    /**
     * An admin other than the requester approves: the alias moves in the same transaction. A failed
     * policy needs an override reason. Of two approvals racing, the first to commit wins; the
     * other gets 409 and changes nothing.
     */
    async approve(actor: Actor, id: string, input: ApprovePromotion): Promise<PromotionRequest> {
      const userId = requirePerson(actor, 'Approving a promotion');
      const request = await decide(
        actor,
        id,
        (pending) => {
          if (pending.requestedByUserId === userId) throw new ForbiddenError('The requester cannot approve their own promotion request: another admin must');
          const policyResult = pending.policy as PromotionPolicyResult;
          if (!policyResult.passed && !input.overrideReason) {
            const failed = policyResult.checks.filter((check) => !check.passed).map((check) => `${check.name}: ${check.detail}`);
            throw new ValidationError('The promotion policy failed; approve only with an override reason', [{ field: 'body.overrideReason', message: `Required because these checks failed: ${failed.join('; ')}` }]);
          }
          return { status: 'approved', decisionComment: input.comment ?? null, overrideReason: policyResult.passed ? null : input.overrideReason! };
        },
        async (pending, tx) => {
          const before = await findAlias(tx, pending.modelId, pending.alias);
          await moveAlias(tx, { workspaceId: actor.workspaceId, modelId: pending.modelId, alias: pending.alias, versionId: pending.versionId, userId });
          await recordAuditEvent(tx, actor, {
            action: AUDIT_ACTIONS.promotionApproved,
            targetType: 'promotion_request',
            targetId: pending.id,
            before: { status: 'pending' },
            after: { status: 'approved', comment: input.comment ?? null, overrideReason: input.overrideReason ?? null },
          });
          await recordAuditEvent(tx, actor, {
            action: AUDIT_ACTIONS.aliasMoved,
            targetType: 'registered_model',
            targetId: pending.modelId,
            before: { alias: pending.alias, versionId: before?.versionId ?? null },
            after: { alias: pending.alias, versionId: pending.versionId, version: pending.version, promotionRequestId: pending.id },
          });
        },
      );
      const model = (await findRegisteredModel(db, actor.workspaceId, request.modelName))!;
      await aliasMoved(actor.workspaceId, model, request.alias, request.versionId);
      return view(actor.workspaceId, id);
    },

    async reject(actor: Actor, id: string, comment: string): Promise<PromotionRequest> {
      requirePerson(actor, 'Rejecting a promotion');
      await decide(
        actor,
        id,
        () => ({ status: 'rejected', decisionComment: comment, overrideReason: null }),
        async (pending, tx) => {
          await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.promotionRejected, targetType: 'promotion_request', targetId: pending.id, before: { status: 'pending' }, after: { status: 'rejected', comment } });
        },
      );
      return view(actor.workspaceId, id);
    },

    /** Only the requester withdraws their own pending request. */
    async withdraw(actor: Actor, id: string): Promise<PromotionRequest> {
      const userId = requirePerson(actor, 'Withdrawing a promotion');
      await decide(
        actor,
        id,
        (pending) => {
          if (pending.requestedByUserId !== userId) throw new ForbiddenError('Only the requester can withdraw a promotion request; an admin can reject it');
          return { status: 'withdrawn', decisionComment: null, overrideReason: null };
        },
        async (pending, tx) => {
          await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.promotionWithdrawn, targetType: 'promotion_request', targetId: pending.id, before: { status: 'pending' }, after: { status: 'withdrawn' } });
        },
      );
      return view(actor.workspaceId, id);
    },

    /**
     * Moves an alias back: to the given earlier version, or to the version its last approved
     * promotion replaced. An admin acts alone here: rollback is the emergency brake.
     */
    async rollback(actor: Actor, modelName: string, input: Rollback): Promise<RegisteredModel> {
      const userId = requirePerson(actor, 'A rollback');
      const model = await requireModel(actor.workspaceId, modelName);
      const current = await findAlias(db, model.id, input.alias);
      if (!current) throw new NotFoundError(`Alias "${input.alias}" of model`, `"${model.name}"`);
      let targetId: string;
      if (input.version !== undefined) {
        const target = await findVersionByNumber(db, model.id, input.version);
        if (!target) throw new NotFoundError(`Version ${input.version} of model`, `"${model.name}"`);
        targetId = target.id;
      } else {
        const last = await findLastApprovedPromotion(db, model.id, input.alias);
        if (!last?.fromVersionId || last.versionId !== current.versionId) {
          throw new ConflictError(`No earlier version to go back to for "${input.alias}" of "${model.name}"; name one with "version"`);
        }
        targetId = last.fromVersionId;
      }
      if (targetId === current.versionId) throw new ConflictError(`"${input.alias}" already points at that version`);
      await db.transaction(async (tx) => {
        await lockRegisteredModel(tx, model.id);
        await moveAlias(tx, { workspaceId: actor.workspaceId, modelId: model.id, alias: input.alias, versionId: targetId, userId });
        await recordAuditEvent(tx, actor, {
          action: AUDIT_ACTIONS.aliasMoved,
          targetType: 'registered_model',
          targetId: model.id,
          before: { alias: input.alias, versionId: current.versionId },
          after: { alias: input.alias, versionId: targetId, rollback: true, reason: input.reason },
        });
      });
      await aliasMoved(actor.workspaceId, model, input.alias, targetId);
      return toRegisteredModel(await viewRegisteredModel(db, model));
    },
  };
}

export type PromotionsService = ReturnType<typeof createPromotionsService>;
