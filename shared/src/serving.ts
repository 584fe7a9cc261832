import { z } from 'zod';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';

/**
 * Serving: scores of records by a registered model, with the reasons a rep reads on the record.
 * A score is the calibrated probability on a 1-99 scale; a reason is one input field of the record
 * with the points it moved the score from the model's base score, so that
 * `baseScore + Σ positive + Σ negative + otherPoints = score`.
 */

export const SCORE_LIMITS = Object.freeze({ maxRecords: 10_000, defaultReasons: 3, maxReasons: 50 });

/** Who asked for a score; kept in the prediction log. */
export const SCORE_SOURCES = Object.freeze(['api', 'excel'] as const);

/** The CRM objects whose synced records have scores. */
export const SCORED_CRM_OBJECTS = Object.freeze(['Lead', 'Opportunity'] as const);

/** How a stored score moved since the one before it: 5 points or more either way is a change. */
export const SCORE_TRENDS = Object.freeze(['improving', 'steady', 'declining'] as const);
export const TREND_THRESHOLD_POINTS = 5;

export const scoreReasonSchema = z
  .object({
    field: z.string().describe('The input field (a ratio: both fields, `A/B`)'),
    text: z.string().describe('The field and its value in words: "Lead source is Partner referral", "Annual revenue is 12,500,000", "Last activity date was 12 days ago"'),
    points: z.number().int().describe('Points this field moved the score from the base score; shown as "Lead source is Partner referral: +12"'),
  })
  .meta({ id: 'ScoreReason' });

export const scoreReasonsSchema = z
  .object({
    positive: z.array(scoreReasonSchema).describe('Fields that raised the score most, largest first'),
    negative: z.array(scoreReasonSchema).describe('Fields that lowered the score most, largest drop first'),
    otherPoints: z.number().int().describe('The points of the fields not listed, so that baseScore + every listed point + otherPoints = score'),
  })
  .meta({ id: 'ScoreReasons' });

export const scoreRequestSchema = z
  .object({
    model: z.string().trim().min(1).max(200).describe('A model name (its champion, or its newest version while it has none), `name@alias`, `name@<version number>` or a version id'),
    records: z
      .array(z.unknown())
      .min(1)
      .max(SCORE_LIMITS.maxRecords)
      .describe(`1 to ${SCORE_LIMITS.maxRecords.toLocaleString('en-US')} records, each an object of field name to value; a record that is not an object, or cannot be scored, gets no score and a problem, and the others are scored`),
    reasons: z
      .number()
      .int()
      .min(0)
      .max(SCORE_LIMITS.maxReasons)
      .default(SCORE_LIMITS.defaultReasons)
      .describe('Reasons listed per side (positive, negative); 0 skips explanations, which is faster'),
    source: z.enum(SCORE_SOURCES).default('api').describe('Where the request comes from, for the prediction log'),
  })
  .meta({ id: 'ScoreRequest' });

export const servedModelSchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    versionId: z.uuid(),
    via: z.string().describe('How the reference was read: champion, an alias, "version 3", or "newest version (no champion yet)"'),
    kind: z.enum(['gbdt', 'logistic', 'onnx']),
    explanation: z
      .enum(['tree-shap', 'linear'])
      .nullable()
      .describe('How reasons are computed: TreeSHAP for trees, coefficient times value for logistic regression; null for uploaded ONNX models, which are not explained'),
  })
  .meta({ id: 'ServedModel' });

export const recordScoreResultSchema = z
  .object({
    probability: z.number().min(0).max(1).nullable().describe('Calibrated probability of the outcome; null when the record could not be scored'),
    score: z.number().int().min(1).max(99).nullable().describe('The probability on a 1-99 scale'),
    grade: z.string().nullable().describe("The model's grade band of the probability"),
    reasons: scoreReasonsSchema,
    baseScore: z.number().int().min(1).max(99).nullable().describe("The score of the model's average record, which the reasons' points start from; null when the model is not explained"),
    problem: z.string().optional().describe('Why the record has no score'),
    warnings: z.array(z.string()).optional().describe('Fields that could not be read and were scored as missing'),
  })
  .meta({ id: 'RecordScoreResult' });

export const scoreResponseSchema = z
  .object({
    model: servedModelSchema,
    scoredAt: z.iso.datetime(),
    results: z.array(recordScoreResultSchema).describe('One per record, in the order of the request'),
  })
  .meta({ id: 'ScoreResponse' });

export const recordScoreParamsSchema = z.object({
  object: z.enum(SCORED_CRM_OBJECTS),
  recordId: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a CRM record id is 1 to 64 letters and digits'),
});

export const recordScoreQuerySchema = z.object({
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("The registered model's name; default: the workspace's model for this object, or its only model"),
});

export const storedRecordScoreSchema = z
  .object({
    object: z.enum(SCORED_CRM_OBJECTS),
    recordId: z.string(),
    model: servedModelSchema.pick({ name: true, version: true, versionId: true }),
    probability: z.number().min(0).max(1),
    score: z.number().int().min(1).max(99),
    grade: z.string(),
    reasons: scoreReasonsSchema.omit({ otherPoints: true }),
    scoredAt: z.iso.datetime(),
    previousScore: z.number().int().nullable().describe('The score before the last change of score'),
    previousScoredAt: z.iso.datetime().nullable(),
    trend: z
      .enum(SCORE_TRENDS)
      .nullable()
      .describe(`improving when the score rose ${TREND_THRESHOLD_POINTS} points or more since the previous one, declining when it fell as much, else steady; null without a previous score`),
  })
  .meta({ id: 'StoredRecordScore' });

export const servingRoutes = {
  score: defineRoute({
    method: 'post',
    path: '/v1/score',
    operationId: 'scoreRecords',
    summary: 'Score 1 to 10,000 records with a model: calibrated probability, score 1-99, grade and reasons',
    description:
      'Records are scored in the order given. A record that cannot be scored gets null scores and a `problem`; unreadable fields are scored as missing and named in `warnings`. When the model has a `challenger` alias, the records are also scored by it in the background for comparison; the response is the same either way.',
    tag: 'serving',
    access: ROLE_SETS.everyone,
    body: scoreRequestSchema,
    response: { status: 200, schema: scoreResponseSchema },
  }),
  recordScore: defineRoute({
    method: 'get',
    path: '/v1/records/{object}/{recordId}/score',
    operationId: 'getRecordScore',
    summary: "A synced CRM record's latest score with its previous score and trend",
    description: 'The stored score of the record; a record synced but not yet scored is scored now by the model.',
    tag: 'serving',
    access: ROLE_SETS.everyone,
    params: recordScoreParamsSchema,
    query: recordScoreQuerySchema,
    response: { status: 200, schema: storedRecordScoreSchema },
  }),
} as const;

export type ScoreReason = z.infer<typeof scoreReasonSchema>;
export type ScoreReasons = z.infer<typeof scoreReasonsSchema>;
export type ScoreRequest = z.infer<typeof scoreRequestSchema>;
export type ScoreSource = (typeof SCORE_SOURCES)[number];
export type ServedModel = z.infer<typeof servedModelSchema>;
export type RecordScoreResult = z.infer<typeof recordScoreResultSchema>;
export type ScoreResponse = z.infer<typeof scoreResponseSchema>;
export type ScoredCrmObject = (typeof SCORED_CRM_OBJECTS)[number];
export type ScoreTrend = (typeof SCORE_TRENDS)[number];
export type StoredRecordScore = z.infer<typeof storedRecordScoreSchema>;

/** The trend of a score against the one before it. */
export function scoreTrend(score: number, previousScore: number | null): ScoreTrend | null {
  if (previousScore === null) return null;
  const change = score - previousScore;
  if (change >= TREND_THRESHOLD_POINTS) return 'improving';
  if (change <= -TREND_THRESHOLD_POINTS) return 'declining';
  return 'steady';
}
