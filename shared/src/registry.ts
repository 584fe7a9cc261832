import { z } from 'zod';
import { targetSpecSchema } from './dataset-profile.ts';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';

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

export const gradeBandsSchema = z
  .array(z.object({ grade: z.string().min(1).max(8), from: z.number().min(0).max(1) }))
  .min(2)
  .max(10)
  .refine((bands) => bands.every((band, index) => index === 0 || band.from < bands[index - 1]!.from), 'grade bands go from the highest `from` to the lowest, each lower than the one before')
  .refine((bands) => bands.at(-1)?.from === 0, 'the last grade band starts at 0, so every score has a grade')
  .describe('Grades on the calibrated probability, highest first; a score takes the first band whose `from` it reaches')
  .meta({ id: 'GradeBands' });

/** A-D by default, as Dynamics 365 grades leads. */
export const DEFAULT_GRADE_BANDS: z.infer<typeof gradeBandsSchema> = Object.freeze([
  { grade: 'A', from: 0.75 },
  { grade: 'B', from: 0.5 },
  { grade: 'C', from: 0.25 },
  { grade: 'D', from: 0 },
]) as z.infer<typeof gradeBandsSchema>;

export const RETRAIN_DAYS_LIMITS = Object.freeze({ min: 1, max: 365 });

export const registeredModelSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    crmObject: z.string().nullable().describe('The CRM object scored (Lead, Opportunity), or null for file data'),
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
