import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, workspaceIdColumn } from './column-types.ts';
import { users } from './users.ts';

/**
 * An immutable snapshot of tabular data: an import, a CRM sync or rows pushed from Excel. The
 * content hash covers the column names and every cell, so importing the same data twice yields the
 * same dataset. Rows live in `dataset_chunks`; profile and quality report describe them.
 */
export const datasets = pgTable(
  'datasets',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text().notNull(),
    source: text({ enum: ['file', 'excel', 'crm_sync', 'generated'] }).notNull(),
    /** Where it came from: file name and format, CRM object and sync run, and so on. */
    origin: jsonb().notNull(),
    contentHash: text().notNull(),
    rowCount: integer().notNull(),
    columns: jsonb().$type<string[]>().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    profile: jsonb(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('datasets_workspace_content_unique').on(table.workspaceId, table.contentHash), index('datasets_workspace_created_idx').on(table.workspaceId, table.createdAt)],
);

/**
 * The rows of a dataset in order, a few thousand per chunk, as gzip-compressed JSON arrays of
 * cells. Kept in PostgreSQL so that every API and worker process reads the same data without a
 * shared file system; chunks stream back in order for training and profiling.
 */
export const datasetChunks = pgTable(
  'dataset_chunks',
  {
    datasetId: uuid()
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    chunkIndex: integer().notNull(),
    firstRow: integer().notNull(),
    rowCount: integer().notNull(),
    data: bytea().notNull(),
  },
  (table) => [primaryKey({ columns: [table.datasetId, table.chunkIndex] })],
);

export type DatasetRow = typeof datasets.$inferSelect;
