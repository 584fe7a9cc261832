import { z } from 'zod';
import { modelNameSchema } from './registry.ts';
import { SCORED_CRM_OBJECTS } from './serving.ts';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';

export const TRAINING_RUN_STATUSES = Object.freeze(['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const);

const columnList = z.array(z.string().min(1).max(200)).max(500);

export const startTrainingRunSchema = z
  .object({
    datasetId: z.uuid(),
    experiment: z.string().trim().min(1).max(200).describe('What the model predicts, such as "Lead conversion"; runs of one experiment are compared'),
    target: z.string().min(1).max(200).describe('The outcome column, such as IsConverted'),
    positive: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('Value(s) meaning the good outcome; inferred for yes/no, true/false, won/lost'),
    negative: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('Value(s) meaning the other outcome; rows with neither are left out'),
    exclude: columnList.default([]).describe('Columns never to use: leakage suspects, fields filled after the outcome'),
    dateColumn: z.string().min(1).max(200).optional().describe('A date for a time-based holdout (the most recent 20%)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    tuningTrials: z.number().int().min(0).max(200).default(0).describe('Tune the trees by successive halving with this many trials (0: the defaults); each trial is recorded as a run'),
    timeLimitSeconds: z
      .number()
      .int()
      .min(1)
      .max(24 * 60 * 60)
      .default(2 * 60 * 60)
      .describe('Stop and fail the run after this long (default two hours); a run stopped at its limit is not retried'),
    register: modelNameSchema
      .optional()
      .describe('Register the chosen model as a new candidate version of this model (created when absent); no alias moves'),
    crmObject: z
      .enum(SCORED_CRM_OBJECTS)
      .optional()
      .describe('The CRM object a model created by `register` scores (rescoring and write-back); default: the object of a synced dataset'),
  })
  .meta({ id: 'StartTrainingRun' });

/** Holdout metrics of a trained model; a tuning trial has only ROC AUC and log loss, on the validation rows. */
const modelMetricsSchema = z.object({
  rocAuc: z.number(),
  logLoss: z.number(),
  prAuc: z.number().optional(),
  brierScore: z.number().optional(),
  threshold: z.number().optional(),
  f1: z.number().optional(),
});

export const trainingRunSchema = z
  .object({
    id: z.uuid(),
    experiment: z.string(),
    experimentId: z.uuid(),
    parentRunId: z.uuid().nullable().describe('Set on tuning trials: the run that tuned'),
    params: z.record(z.string(), z.unknown()).nullable().describe('Hyperparameters of a trial, or the tuned ones a run used'),
    datasetId: z.uuid(),
    status: z.enum(TRAINING_RUN_STATUSES),
    request: z.record(z.string(), z.unknown()),
    progress: z.object({ stage: z.string(), fraction: z.number() }).nullable(),
    chosen: z.enum(['gbdt', 'logistic']).nullable(),
    metrics: z.record(z.string(), modelMetricsSchema).nullable().describe('Holdout metrics of each model trained, by kind; for a tuning trial, `validation`'),
    error: z.object({ message: z.string() }).nullable(),
    codeVersion: z.string().nullable(),
    modelVersion: z
      .object({ id: z.uuid(), modelName: z.string(), version: z.number().int() })
      .nullable()
      .describe('The model version this run registered, if any'),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationSeconds: z.number().nullable(),
  })
  .meta({ id: 'TrainingRun' });

export const experimentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    runCount: z.number().int().describe('Runs, not counting tuning trials'),
    bestRun: z
      .object({ id: z.uuid(), rocAuc: z.number() })
      .nullable()
      .describe('The succeeded run with the highest holdout ROC AUC of its chosen model'),
    lastRunAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Experiment' });

export const experimentIdParamsSchema = z.object({ experimentId: z.uuid() });

export const trainingRunIdParamsSchema = z.object({ trainingRunId: z.uuid() });

export const trainingRoutes = {
  start: defineRoute({
    method: 'post',
    path: '/v1/training-runs',
    operationId: 'startTrainingRun',
    summary: 'Queue training on a dataset: both model kinds, calibration, holdout evaluation, ONNX export',
    tag: 'training',
    access: ROLE_SETS.analysts,
    body: startTrainingRunSchema,
    response: { status: 202, schema: trainingRunSchema },
  }),
  list: defineRoute({
    method: 'get',
    path: '/v1/training-runs',
    operationId: 'listTrainingRuns',
    summary: 'Training runs of the workspace, newest first, to compare',
    tag: 'training',
    access: ROLE_SETS.people,
    response: { status: 200, schema: z.object({ items: z.array(trainingRunSchema) }).meta({ id: 'TrainingRunList' }) },
  }),
  get: defineRoute({
    method: 'get',
    path: '/v1/training-runs/{trainingRunId}',
    operationId: 'getTrainingRun',
    summary: 'One training run with its progress and results',
    tag: 'training',
    access: ROLE_SETS.people,
    params: trainingRunIdParamsSchema,
    response: { status: 200, schema: trainingRunSchema },
  }),
  cancel: defineRoute({
    method: 'post',
    path: '/v1/training-runs/{trainingRunId}/cancel',
    operationId: 'cancelTrainingRun',
    summary: 'Cancel a queued or running training run; it stops within seconds and stores nothing',
    tag: 'training',
    access: ROLE_SETS.analysts,
    params: trainingRunIdParamsSchema,
    response: { status: 200, schema: trainingRunSchema },
  }),
  experiments: defineRoute({
    method: 'get',
    path: '/v1/experiments',
    operationId: 'listExperiments',
    summary: 'Experiments of the workspace with their run counts and best run',
    tag: 'training',
    access: ROLE_SETS.people,
    response: { status: 200, schema: z.object({ items: z.array(experimentSchema) }).meta({ id: 'ExperimentList' }) },
  }),
  compare: defineRoute({
    method: 'get',
    path: '/v1/experiments/{experimentId}/runs',
    operationId: 'compareExperimentRuns',
    summary: 'The runs of one experiment side by side, best holdout ROC AUC first, tuning trials included',
    tag: 'training',
    access: ROLE_SETS.people,
    params: experimentIdParamsSchema,
    response: { status: 200, schema: z.object({ experiment: experimentSchema, runs: z.array(trainingRunSchema) }).meta({ id: 'ExperimentRuns' }) },
  }),
} as const;

export type StartTrainingRun = z.infer<typeof startTrainingRunSchema>;
/** What a caller may leave out: defaults are filled in by the schema. */
export type StartTrainingRunInput = z.input<typeof startTrainingRunSchema>;
export type TrainingRun = z.infer<typeof trainingRunSchema>;
export type Experiment = z.infer<typeof experimentSchema>;
