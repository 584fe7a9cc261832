import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { bytea, workspaceIdColumn } from './column-types.ts';
import { datasets } from './datasets.ts';
import { users } from './users.ts';

/**
 * What a group of runs tries to predict ("Lead conversion"): runs of one experiment are compared
 * with each other, and a registered model takes its new versions from one experiment.
 */
export const experiments = pgTable(
  'experiments',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text().notNull(),
    /** Lower-cased name: one experiment per name per workspace, ignoring case. */
    nameKey: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('experiments_workspace_name_unique').on(table.workspaceId, table.nameKey)],
);

/**
 * One training run: a dataset, a target and settings in; a chosen model, its evaluation and its
 * artifacts out. A tuning trial is a run too (`parentRunId` names the run that tuned, `params`
 * the hyperparameters tried), recorded when its parent finishes. A run's results and artifacts are written in one transaction when it succeeds, so a worker killed
 * midway leaves a run to retry, never half a result.
 */
export const trainingRuns = pgTable(
  'training_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    experimentId: uuid()
      .notNull()
      .references(() => experiments.id, { onDelete: 'cascade' }),
    /** Set on tuning trials: the run whose tuning tried them. */
    parentRunId: uuid().references((): AnyPgColumn => trainingRuns.id, { onDelete: 'cascade' }),
    /** Hyperparameters of a tuning trial, or the tuned ones a run trained its trees with. */
    params: jsonb(),
    datasetId: uuid()
      .notNull()
      .references(() => datasets.id),
    status: text({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    /** What was asked: target, exclusions, date column, seed. */
    request: jsonb().notNull(),
    progress: jsonb(),
    jobId: text(),
    chosen: text({ enum: ['gbdt', 'logistic'] }),
    /** Headline holdout metrics per model kind, for listing and comparing runs. */
    metrics: jsonb(),
    /** Split, evaluations, calibration reports, importance, training summaries, durations. */
    results: jsonb(),
    error: jsonb(),
    codeVersion: text(),
    attempts: integer().notNull().default(0),
    requestedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('training_runs_workspace_created_idx').on(table.workspaceId, table.createdAt),
    index('training_runs_experiment_idx').on(table.experimentId),
    index('training_runs_parent_idx').on(table.parentRunId),
  ],
);

/** Files a run produced: model JSON, fitted feature spec, calibrator, the ONNX model. */
export const trainingArtifacts = pgTable(
  'training_artifacts',
  {
    runId: uuid()
      .notNull()
      .references(() => trainingRuns.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    contentType: text().notNull(),
    data: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.name] })],
);

export type TrainingRunRow = typeof trainingRuns.$inferSelect;
export type ExperimentRow = typeof experiments.$inferSelect;
