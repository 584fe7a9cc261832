import { z } from 'zod';
import { targetSpecSchema } from './dataset-profile.ts';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';
import { SCORED_CRM_OBJECTS } from './serving.ts';

/**
 * The model registry's nouns, as mlflow names them: a registered model (by name, per workspace),
 * its numbered model versions, and aliases that point at versions. `champion` is the version that
 * serves; a new version is a candidate until an alias points at it.
 */

export const CHAMPION_ALIAS = 'champion';
export const CHALLENGER_ALIAS = 'challenger';

const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;
const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export const modelNameSchema = z
  .string()
  .trim()
  .regex(MODEL_NAME_PATTERN, 'a model name is 1 to 100 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit')
  .describe('A registered model name, unique in the workspace ignoring case');

export const aliasSchema = z.string().regex(ALIAS_PATTERN, 'an alias is 1 to 40 lower-case letters, digits, dashes or underscores, starting with a letter');

/** Grade bands, built anew per use so the request and the response forms are separate schemas (see OpenAPI). */
function gradeBands() {
  return z
    .array(z.object({ grade: z.string().min(1).max(8), from: z.number().min(0).max(1) }))
    .min(2)
    .max(10)
    .refine((bands) => bands.every((band, index) => index === 0 || band.from < bands[index - 1]!.from), 'grade bands go from the highest `from` to the lowest, each lower than the one before')
    .refine((bands) => bands.at(-1)?.from === 0, 'the last grade band starts at 0, so every score has a grade')
    .describe('Grades on the calibrated probability, highest first; a score takes the first band whose `from` it reaches');
}

export const gradeBandsSchema = gradeBands().meta({ id: 'GradeBands' });

/** A-D by default, as Dynamics 365 grades leads. */
export const DEFAULT_GRADE_BANDS: z.infer<typeof gradeBandsSchema> = Object.freeze([
  { grade: 'A', from: 0.75 },
  { grade: 'B', from: 0.5 },
  { grade: 'C', from: 0.25 },
  { grade: 'D', from: 0 },
]) as z.infer<typeof gradeBandsSchema>;

export const RETRAIN_DAYS_LIMITS = Object.freeze({ min: 1, max: 365 });

/** Which records of its CRM object a model scores; built anew per use so request and response forms are separate schemas (see OpenAPI). */
function segment() {
  return z
    .object({
      field: z.string().trim().min(1).max(200).describe('A field of the record, such as Country or LeadSource'),
      values: z.array(z.string().trim().min(1).max(200)).min(1).max(200).describe('The values that put a record in the segment, compared as trimmed text, case as written'),
    })
    .describe('Records whose field holds one of the values; a model with a segment scores those, and a model without one scores the rest');
}

export const segmentSchema = segment().meta({ id: 'Segment' });

export const registeredModelSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    crmObject: z.string().nullable().describe('The CRM object scored (Lead, Opportunity), or null for file data'),
    segment: segmentSchema.nullable(),
    target: targetSpecSchema,
    gradeBands: gradeBandsSchema,
    experimentId: z.uuid().nullable(),
    retrainEveryDays: z.number().int().nullable().describe('Retraining schedule; each retraining adds a candidate version, never moves an alias'),
    nextRetrainAt: z.iso.datetime().nullable(),
    aliases: z.record(z.string(), z.number().int()).describe('Alias -> version number'),
    latestVersion: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RegisteredModel' });

export const modelVersionSchema = z
  .object({
    id: z.uuid(),
    modelId: z.uuid(),
    modelName: z.string(),
    version: z.number().int(),
    source: z.enum(['trained', 'uploaded']),
    kind: z.enum(['gbdt', 'logistic', 'onnx']),
    trainingRunId: z.uuid().nullable(),
    datasetId: z.uuid().nullable(),
    metrics: z.record(z.string(), z.number()).nullable().describe('Holdout metrics of this version'),
    inputFields: z.array(z.string()).describe('The record fields the version reads'),
    aliases: z.array(z.string()),
    codeVersion: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ModelVersion' });

export const modelNameParamsSchema = z.object({ modelName: z.string().min(1).max(100) });

export const retrainingScheduleSchema = z
  .object({
    everyDays: z
      .number()
      .int()
      .min(RETRAIN_DAYS_LIMITS.min)
      .max(RETRAIN_DAYS_LIMITS.max)
      .nullable()
      .describe('Retrain every this many days on the newest data of the same source (Einstein: 10, Dynamics: 15); null stops the schedule'),
  })
  .meta({ id: 'RetrainingSchedule' });

export const updateModelSchema = z
  .object({
    description: z.string().max(2000).nullable().optional(),
    crmObject: z.enum(SCORED_CRM_OBJECTS).nullable().optional().describe('The CRM object this model scores; its champion rescores and writes back that object'),
    gradeBands: gradeBands().meta({ id: 'GradeBandsInput' }).optional(),
    segment: segment().meta({ id: 'SegmentInput' }).nullable().optional().describe('Score only these records of the object (null: all not claimed by a model with a segment)'),
  })
  .meta({ id: 'UpdateModel' });

export const registryRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/v1/models',
    operationId: 'listModels',
    summary: 'Registered models of the workspace with their aliases and latest version',
    tag: 'registry',
    access: ROLE_SETS.people,
    response: { status: 200, schema: z.object({ items: z.array(registeredModelSchema) }).meta({ id: 'RegisteredModelList' }) },
  }),
  get: defineRoute({
    method: 'get',
    path: '/v1/models/{modelName}',
    operationId: 'getModel',
    summary: 'One registered model',
    tag: 'registry',
    access: ROLE_SETS.people,
    params: modelNameParamsSchema,
    response: { status: 200, schema: registeredModelSchema },
  }),
  versions: defineRoute({
    method: 'get',
    path: '/v1/models/{modelName}/versions',
    operationId: 'listModelVersions',
    summary: 'Versions of a registered model, newest first, with metrics and lineage',
    tag: 'registry',
    access: ROLE_SETS.people,
    params: modelNameParamsSchema,
    response: { status: 200, schema: z.object({ items: z.array(modelVersionSchema) }).meta({ id: 'ModelVersionList' }) },
  }),
  update: defineRoute({
    method: 'patch',
    path: '/v1/models/{modelName}',
    operationId: 'updateModel',
    summary: 'Edit a model: its description, the CRM object it scores, its grade bands (admins)',
    tag: 'registry',
    access: ROLE_SETS.admins,
    params: modelNameParamsSchema,
    body: updateModelSchema,
    response: { status: 200, schema: registeredModelSchema },
  }),
  schedule: defineRoute({
    method: 'put',
    path: '/v1/models/{modelName}/retraining',
    operationId: 'setRetrainingSchedule',
    summary: 'Set or stop the retraining schedule; each retraining registers a candidate version',
    tag: 'registry',
    access: ROLE_SETS.analysts,
    params: modelNameParamsSchema,
    body: retrainingScheduleSchema,
    response: { status: 200, schema: registeredModelSchema },
  }),
} as const;

export type RegisteredModel = z.infer<typeof registeredModelSchema>;
export type ModelVersion = z.infer<typeof modelVersionSchema>;
export type GradeBands = z.infer<typeof gradeBandsSchema>;
export type RetrainingSchedule = z.infer<typeof retrainingScheduleSchema>;
export type UpdateModel = z.infer<typeof updateModelSchema>;
export type Segment = z.infer<typeof segmentSchema>;

export const PROMOTION_STATUSES = Object.freeze(['pending', 'approved', 'rejected', 'withdrawn'] as const);

const holdoutMetricsSchema = z
  .object({
    versionId: z.uuid(),
    version: z.number().int(),
    rocAuc: z.number(),
    prAuc: z.number(),
    logLoss: z.number(),
    brierScore: z.number(),
    expectedCalibrationError: z.number(),
    calibration: z.array(z.object({ meanPredicted: z.number(), observedRate: z.number(), count: z.number().int() })).describe('Equal-frequency bins: predicted against observed'),
    lift: z.array(z.object({ group: z.number().int(), lift: z.number(), cumulativeGain: z.number() })).describe('Deciles from the highest scores down'),
  })
  .meta({ id: 'HoldoutEvaluation' });

export const promotionEvidenceSchema = z
  .object({
    holdout: z
      .object({ datasetId: z.uuid(), trainingRunId: z.uuid(), rows: z.number().int(), positives: z.number().int(), split: z.string() })
      .nullable()
      .describe('The rows both versions were scored on: the holdout of the run that trained the candidate (or the current version, for an uploaded candidate)'),
    candidate: holdoutMetricsSchema.nullable(),
    current: holdoutMetricsSchema.nullable().describe('The version the alias points at now, on the same rows; null when the alias is new'),
    quality: z
      .object({ datasetId: z.uuid(), ready: z.boolean(), reasons: z.array(z.string()) })
      .nullable()
      .describe('The data-quality verdict of the candidate’s training data for its target'),
    notes: z.array(z.string()),
  })
  .meta({ id: 'PromotionEvidence' });

export const promotionPolicyResultSchema = z
  .object({
    passed: z.boolean(),
    checks: z.array(z.object({ name: z.string(), passed: z.boolean(), detail: z.string() })),
  })
  .meta({ id: 'PromotionPolicyResult' });

export const promotionRequestSchema = z
  .object({
    id: z.uuid(),
    modelId: z.uuid(),
    modelName: z.string(),
    alias: z.string(),
    version: z.number().int(),
    versionId: z.uuid(),
    fromVersion: z.number().int().nullable().describe('What the alias pointed at when the request was made'),
    status: z.enum(PROMOTION_STATUSES),
    reason: z.string(),
    evidence: promotionEvidenceSchema,
    policy: promotionPolicyResultSchema,
    requestedByUserId: z.uuid().nullable(),
    decidedByUserId: z.uuid().nullable(),
    decisionComment: z.string().nullable(),
    overrideReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PromotionRequest' });

export const createPromotionSchema = z
  .object({
    version: z.number().int().min(1).describe('The version number to promote'),
    alias: aliasSchema.default(CHAMPION_ALIAS),
    reason: z.string().trim().min(3).max(2000).describe('Why this version should serve'),
  })
  .meta({ id: 'CreatePromotionRequest' });

export const approvePromotionSchema = z
  .object({
    comment: z.string().trim().max(2000).optional(),
    overrideReason: z.string().trim().min(3).max(2000).optional().describe('Required to approve a request whose policy failed'),
  })
  .meta({ id: 'ApprovePromotionRequest' });

export const rejectPromotionSchema = z.object({ comment: z.string().trim().min(3).max(2000).describe('Why not') }).meta({ id: 'RejectPromotionRequest' });

export const rollbackSchema = z
  .object({
    alias: aliasSchema.default(CHAMPION_ALIAS),
    version: z.number().int().min(1).optional().describe('The earlier version to go back to; default the one the alias pointed at before its last promotion'),
    reason: z.string().trim().min(3).max(2000),
  })
  .meta({ id: 'RollbackRequest' });

export const promotionIdParamsSchema = z.object({ promotionId: z.uuid() });
export const promotionQuerySchema = z.object({ status: z.enum(PROMOTION_STATUSES).optional(), model: z.string().max(100).optional() });

export const uploadModelVersionSchema = z
  .object({
    onnxBase64: z.base64().min(1).describe('The .onnx file, base64'),
    mapping: z.unknown().describe('{ "kind": "tensor", "fields": [...] } or { "kind": "named", "inputs": { "<input>": "<field>" } }'),
    positive: z.string().min(1).max(200).optional().describe('The class whose probability is the score (default: the second of two)'),
    description: z.string().max(2000).optional(),
  })
  .meta({ id: 'UploadModelVersion' });

export const promotionRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/v1/models/{modelName}/promotions',
    operationId: 'requestPromotion',
    summary: 'Ask to point an alias (champion by default) at a version; the evidence and the policy verdict are computed now',
    tag: 'registry',
    access: ROLE_SETS.analysts,
    params: modelNameParamsSchema,
    body: createPromotionSchema,
    response: { status: 201, schema: promotionRequestSchema },
  }),
  list: defineRoute({
    method: 'get',
    path: '/v1/promotions',
    operationId: 'listPromotions',
    summary: 'Promotion requests, newest first (filter by status and model)',
    tag: 'registry',
    access: ROLE_SETS.people,
    query: promotionQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(promotionRequestSchema) }).meta({ id: 'PromotionRequestList' }) },
  }),
  get: defineRoute({
    method: 'get',
    path: '/v1/promotions/{promotionId}',
    operationId: 'getPromotion',
    summary: 'One promotion request with its evidence',
    tag: 'registry',
    access: ROLE_SETS.people,
    params: promotionIdParamsSchema,
    response: { status: 200, schema: promotionRequestSchema },
  }),
  approve: defineRoute({
    method: 'post',
    path: '/v1/promotions/{promotionId}/approve',
    operationId: 'approvePromotion',
    summary: 'Approve (an admin who did not request it): the alias moves and every server swaps',
    tag: 'registry',
    access: ROLE_SETS.admins,
    params: promotionIdParamsSchema,
    body: approvePromotionSchema,
    response: { status: 200, schema: promotionRequestSchema },
  }),
  reject: defineRoute({
    method: 'post',
    path: '/v1/promotions/{promotionId}/reject',
    operationId: 'rejectPromotion',
    summary: 'Reject with a comment',
    tag: 'registry',
    access: ROLE_SETS.admins,
    params: promotionIdParamsSchema,
    body: rejectPromotionSchema,
    response: { status: 200, schema: promotionRequestSchema },
  }),
  withdraw: defineRoute({
    method: 'post',
    path: '/v1/promotions/{promotionId}/withdraw',
    operationId: 'withdrawPromotion',
    summary: 'The requester withdraws a pending request',
    tag: 'registry',
    access: ROLE_SETS.analysts,
    params: promotionIdParamsSchema,
    response: { status: 200, schema: promotionRequestSchema },
  }),
  rollback: defineRoute({
    method: 'post',
    path: '/v1/models/{modelName}/rollback',
    operationId: 'rollbackAlias',
    summary: 'Move an alias back to an earlier version (admins)',
    tag: 'registry',
    access: ROLE_SETS.admins,
    params: modelNameParamsSchema,
    body: rollbackSchema,
    response: { status: 200, schema: registeredModelSchema },
  }),
  upload: defineRoute({
    method: 'post',
    path: '/v1/models/{modelName}/versions',
    operationId: 'uploadModelVersion',
    summary: 'Register an ONNX model made by another tool as a new candidate version, with the mapping from record fields to its inputs',
    tag: 'registry',
    access: ROLE_SETS.analysts,
    params: modelNameParamsSchema,
    body: uploadModelVersionSchema,
    response: { status: 201, schema: modelVersionSchema },
  }),
} as const;

export type PromotionRequest = z.infer<typeof promotionRequestSchema>;
export type PromotionEvidence = z.infer<typeof promotionEvidenceSchema>;
export type PromotionPolicyResult = z.infer<typeof promotionPolicyResultSchema>;
export type HoldoutEvaluation = z.infer<typeof holdoutMetricsSchema>;
export type CreatePromotion = z.infer<typeof createPromotionSchema>;
export type ApprovePromotion = z.infer<typeof approvePromotionSchema>;
export type Rollback = z.infer<typeof rollbackSchema>;
export type UploadModelVersion = z.infer<typeof uploadModelVersionSchema>;
