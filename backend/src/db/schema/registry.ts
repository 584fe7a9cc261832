import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, workspaceIdColumn } from './column-types.ts';
import { datasets } from './datasets.ts';
import { experiments, trainingRuns } from './training.ts';
import { users } from './users.ts';

/**
 * A model the workspace keeps in production use, by name: what it predicts (target), for which CRM
 * object, its grade bands and its retraining schedule. Its versions come from training runs or
 * uploads; aliases (`champion`, `challenger`, ...) say which version serves.
 */
export const registeredModels = pgTable(
  'registered_models',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text().notNull(),
    /** Lower-cased name: names are unique per workspace ignoring case. */
    nameKey: text().notNull(),
    description: text(),
    /** The CRM object scored (Lead, Opportunity), or null for file data. */
    crmObject: text(),
    /** The outcome: column, positive and negative values (a TargetSpec). */
    target: jsonb().notNull(),
    /** Which of the object's records this model scores: { field, values } (null: all of them). */
    segment: jsonb(),
    /** Grade bands on the calibrated probability, highest first: [{ grade, from }]. */
    gradeBands: jsonb().notNull(),
    /** Where new versions come from: the experiment whose runs register here. */
    experimentId: uuid().references(() => experiments.id, { onDelete: 'set null' }),
    /** Retrain every this many days (null: no schedule). The result is always a candidate version. */
    retrainEveryDays: integer(),
    nextRetrainAt: timestamp({ withTimezone: true }),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('registered_models_workspace_name_unique').on(table.workspaceId, table.nameKey), index('registered_models_next_retrain_idx').on(table.nextRetrainAt)],
);

/** The registered model a row belongs to; its rows go when it goes. */
export function modelIdColumn() {
  return uuid()
    .notNull()
    .references(() => registeredModels.id, { onDelete: 'cascade' });
}

/**
 * One immutable version of a registered model, numbered from 1, with its lineage. A trained version
 * names the run that produced it (at most one version per run: a retried run cannot register twice).
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    modelId: modelIdColumn(),
    version: integer().notNull(),
    source: text({ enum: ['trained', 'uploaded'] }).notNull(),
    /** gbdt and logistic are Scorebridge's own; onnx is an uploaded model scored as a black box. */
    kind: text({ enum: ['gbdt', 'logistic', 'onnx'] }).notNull(),
    trainingRunId: uuid().references(() => trainingRuns.id, { onDelete: 'restrict' }),
    datasetId: uuid().references(() => datasets.id, { onDelete: 'set null' }),
    /** Holdout metrics (trained) or none (uploaded). */
    metrics: jsonb(),
    /** Input fields the version reads, for callers and for the field mapping of uploads. */
    inputFields: jsonb().$type<string[]>().notNull(),
    codeVersion: text(),
    description: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('model_versions_model_version_unique').on(table.modelId, table.version),
    unique('model_versions_training_run_unique').on(table.trainingRunId),
    index('model_versions_workspace_idx').on(table.workspaceId),
  ],
);

/** The files a version scores with: model.onnx, the model JSON, feature spec and calibrator. */
export const modelVersionArtifacts = pgTable(
  'model_version_artifacts',
  {
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    contentType: text().notNull(),
    data: bytea().notNull(),
  },
  (table) => [primaryKey({ columns: [table.versionId, table.name] })],
);

/** A named pointer to a version: `champion` serves, `challenger` is shadow-scored, others are the team's own. */
export const modelAliases = pgTable(
  'model_aliases',
  {
    modelId: modelIdColumn(),
    alias: text().notNull(),
    versionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'restrict' }),
    updatedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.modelId, table.alias] })],
);

export type RegisteredModelRow = typeof registeredModels.$inferSelect;
export type ModelVersionRow = typeof modelVersions.$inferSelect;
export type ModelAliasRow = typeof modelAliases.$inferSelect;
