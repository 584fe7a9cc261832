import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workspaceIdColumn } from './column-types.ts';
import { datasets } from './datasets.ts';
import { users } from './users.ts';

/**
 * A workspace's link to a Salesforce org. Secrets (refresh token, client secret, private key,
 * the current access token) are one AES-256-GCM sealed JSON document; see crm/credential-vault.ts.
 */
export const crmConnections = pgTable(
  'crm_connections',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    provider: text({ enum: ['salesforce'] }).notNull(),
    loginUrl: text().notNull(),
    instanceUrl: text(),
    authFlow: text({ enum: ['refresh_token', 'jwt_bearer'] }).notNull(),
    clientId: text().notNull(),
    username: text(),
    apiVersion: text().notNull(),
    sealedSecrets: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('crm_connections_workspace_provider_unique').on(table.workspaceId, table.provider)],
);

/**
 * One sync of one object. `windowStart` is the high-water mark it started from (null for a full
 * sync); `checkpoint` is how far it got, so a sync killed midway resumes there. Only a run that
 * succeeded moves the workspace's high-water mark and produces a dataset snapshot.
 */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    connectionId: uuid()
      .notNull()
      .references(() => crmConnections.id, { onDelete: 'cascade' }),
    object: text().notNull(),
    mode: text({ enum: ['full', 'incremental'] }).notNull(),
    status: text({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    jobId: text(),
    windowStart: timestamp({ withTimezone: true }),
    windowEnd: timestamp({ withTimezone: true }),
    checkpoint: jsonb(),
    recordsTotal: integer(),
    recordsDone: integer().notNull().default(0),
    recordsDeleted: integer().notNull().default(0),
    error: jsonb(),
    datasetId: uuid().references(() => datasets.id, { onDelete: 'set null' }),
    requestedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('sync_runs_workspace_object_idx').on(table.workspaceId, table.object, table.createdAt)],
);

/** The latest synced state of every CRM record, raw Salesforce JSON in `fields`. */
export const crmRecords = pgTable(
  'crm_records',
  {
    workspaceId: workspaceIdColumn(),
    object: text().notNull(),
    recordId: text().notNull(),
    systemModstamp: timestamp({ withTimezone: true }).notNull(),
    isDeleted: boolean().notNull().default(false),
    fields: jsonb().$type<Record<string, unknown>>().notNull(),
    lastSyncRunId: uuid().references(() => syncRuns.id, { onDelete: 'set null' }),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.object, table.recordId] }), index('crm_records_modstamp_idx').on(table.workspaceId, table.object, table.systemModstamp)],
);

/**
 * Outcome fields (IsConverted, IsWon, IsClosed, StageName) each time they were seen to change, so
 * model performance can later be judged against what happened and when.
 */
export const outcomes = pgTable(
  'outcomes',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    object: text().notNull(),
    recordId: text().notNull(),
    field: text().notNull(),
    value: text(),
    previousValue: text(),
    observedAt: timestamp({ withTimezone: true }).notNull(),
    syncRunId: uuid().references(() => syncRuns.id, { onDelete: 'set null' }),
  },
  (table) => [index('outcomes_record_idx').on(table.workspaceId, table.object, table.recordId, table.observedAt)],
);
