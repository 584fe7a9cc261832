import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceIdColumn } from './column-types.ts';
import { apiKeys } from './api-keys.ts';
import { modelIdColumn, modelVersions } from './registry.ts';
import { users } from './users.ts';

/**
 * An analyst's request to point an alias (usually `champion`) of a model at a version, with the
 * evidence computed when it was made and the policy's verdict; an admin other than the requester
 * approves or rejects it. `fromVersionId` is what the alias pointed at when the request was made.
 */
export const promotionRequests = pgTable(
  'promotion_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    modelId: modelIdColumn(),
    alias: text().notNull(),
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'restrict' }),
    fromVersionId: uuid().references(() => modelVersions.id, { onDelete: 'restrict' }),
    status: text({ enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull(),
    reason: text().notNull(),
    /** Metrics beside the current version's on the same holdout, calibration, lift, data quality. */
    evidence: jsonb().notNull(),
    /** The policy's checks and verdict: { passed, checks: [{ name, passed, detail }] }. */
    policy: jsonb().notNull(),
    requestedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    decisionComment: text(),
    /** Why an admin approved despite a failed policy; required for that. */
    overrideReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('promotion_requests_model_idx').on(table.modelId, table.createdAt), index('promotion_requests_workspace_status_idx').on(table.workspaceId, table.status)],
);

/**
 * Every score served: inputs, outputs, version and caller. Written in batches off the request
 * path. `shadow` marks a challenger's score logged for comparison and never returned.
 */
export const predictionLogs = pgTable(
  'prediction_logs',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    modelId: modelIdColumn(),
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    shadow: boolean().notNull().default(false),
    /** Where the request came from: api, excel, cli, writeback. */
    source: text().notNull(),
    callerUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    callerApiKeyId: uuid().references(() => apiKeys.id, { onDelete: 'set null' }),
    requestId: text(),
    /** The CRM record scored, when it is one. */
    crmObject: text(),
    recordId: text(),
    inputs: jsonb().notNull(),
    probability: doublePrecision(),
    score: integer(),
    grade: text(),
    reasons: jsonb(),
    problem: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('prediction_logs_version_idx').on(table.versionId, table.createdAt), index('prediction_logs_record_idx').on(table.workspaceId, table.crmObject, table.recordId, table.createdAt)],
);

/**
 * The latest score of each synced CRM record under a model, with the one before it (for the
 * trend) and the state of its write-back to the CRM. Rescoring updates `score`; write-back sends
 * rows whose score differs from `writtenScore` and records per-record failures for a retry.
 */
export const recordScores = pgTable(
  'record_scores',
  {
    workspaceId: workspaceIdColumn(),
    modelId: modelIdColumn(),
    crmObject: text().notNull(),
    recordId: text().notNull(),
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    probability: doublePrecision().notNull(),
    /** 1 to 99. */
    score: integer().notNull(),
    grade: text().notNull(),
    /** [{ text, points }], strongest first. */
    reasons: jsonb().notNull(),
    scoredAt: timestamp({ withTimezone: true }).notNull(),
    previousScore: integer(),
    previousScoredAt: timestamp({ withTimezone: true }),
    /** What the CRM holds: the score, grade and version last written, and when. */
    writtenScore: integer(),
    writtenGrade: text(),
    writtenVersionId: uuid(),
    writtenAt: timestamp({ withTimezone: true }),
    writeStatus: text({ enum: ['pending', 'written', 'failed'] })
      .notNull()
      .default('pending'),
    writeError: text(),
    writeAttempts: integer().notNull().default(0),
    /** When the last failed write was tried; a failed row is retried once its back-off from here has passed. */
    writeFailedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.modelId, table.crmObject, table.recordId] }),
    index('record_scores_record_idx').on(table.workspaceId, table.crmObject, table.recordId),
    index('record_scores_write_idx').on(table.workspaceId, table.crmObject, table.writeStatus),
  ],
);

export type PromotionRequestRow = typeof promotionRequests.$inferSelect;
export type PredictionLogRow = typeof predictionLogs.$inferSelect;
export type RecordScoreRow = typeof recordScores.$inferSelect;
