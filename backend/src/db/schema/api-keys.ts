import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceIdColumn } from './column-types.ts';
import { users } from './users.ts';

/**
 * API keys look like `sbk_<lookupId>_<secret>`. The lookup id finds the row; only a SHA-256 hash of
 * the secret is stored. A fast hash is enough because the secret is 256 random bits, not a password.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    lookupId: text().notNull().unique(),
    secretHash: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('api_keys_workspace_idx').on(table.workspaceId), index('api_keys_user_idx').on(table.userId)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
