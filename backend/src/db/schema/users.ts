import { sql } from 'drizzle-orm';
import { workspaceIdColumn } from './column-types.ts';
import { check, index, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    kind: text({ enum: ['person', 'service'] }).notNull(),
    email: text(),
    displayName: text().notNull(),
    role: text({ enum: ['rep', 'analyst', 'admin', 'service'] }).notNull(),
    externalIssuer: text(),
    externalSubject: text(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Case-insensitive: Ana@Example.com and ana@example.com are one person.
    uniqueIndex('users_workspace_email_unique').on(table.workspaceId, sql`lower(${table.email})`),
    // One single-sign-on identity maps to exactly one Scorebridge user across all workspaces,
    // because the token alone has to decide which workspace a request belongs to.
    unique('users_external_identity_unique').on(table.externalIssuer, table.externalSubject),
    index('users_workspace_idx').on(table.workspaceId),
    check('users_role_valid', sql`${table.role} in ('rep', 'analyst', 'admin', 'service')`),
    check('users_kind_valid', sql`${table.kind} in ('person', 'service')`),
  ],
);

export type UserRow = typeof users.$inferSelect;
