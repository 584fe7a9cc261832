import { z } from 'zod';
import { pageQuerySchema, pageSchema } from './pagination.ts';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';

/** Actions recorded in the audit trail. Later capabilities add theirs here. */
export const AUDIT_ACTIONS = Object.freeze({
  workspaceCreated: 'workspace.created',
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  userRoleChanged: 'user.role_changed',
  apiKeyCreated: 'api_key.created',
  apiKeyRevoked: 'api_key.revoked',
  crmConnectionCreated: 'crm_connection.created',
  crmConnectionUpdated: 'crm_connection.updated',
  modelCreated: 'model.created',
  modelVersionRegistered: 'model_version.registered',
  retrainingScheduleChanged: 'model.retraining_schedule_changed',
  modelUpdated: 'model.updated',
  modelVersionUploaded: 'model_version.uploaded',
  promotionRequested: 'promotion.requested',
  promotionApproved: 'promotion.approved',
  promotionRejected: 'promotion.rejected',
  promotionWithdrawn: 'promotion.withdrawn',
  aliasMoved: 'model.alias_moved',
} as const);

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export const auditEventSchema = z
  .object({
    id: z.string(),
    workspaceId: z.uuid(),
    actorUserId: z.uuid().nullable().describe('Null when the system itself acted, for example at installation.'),
    actorApiKeyId: z.uuid().nullable(),
    actorLabel: z.string().describe('How the actor reached Scorebridge: `api`, `cli (user@host)`, `installation`.'),
    action: z.enum(Object.values(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]),
    targetType: z.string(),
    targetId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    requestId: z.string().nullable(),
    occurredAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEvent' });

export const auditEventQuerySchema = pageQuerySchema.extend({
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
});

export const auditEventPageSchema = pageSchema(auditEventSchema).meta({ id: 'AuditEventPage' });

export const auditEventRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/v1/audit-events',
    operationId: 'listAuditEvents',
    summary: 'The workspace’s audit trail, newest first',
    tag: 'audit',
    access: ROLE_SETS.admins,
    query: auditEventQuerySchema,
    response: { status: 200, schema: auditEventPageSchema },
  }),
} as const;

export type AuditEvent = z.infer<typeof auditEventSchema>;
