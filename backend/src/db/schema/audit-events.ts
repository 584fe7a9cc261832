import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces.ts';

/**
 * The audit trail. Rows are only ever inserted: a trigger in the migrations rejects UPDATE and
 * DELETE, so not even a bug in our own code can rewrite history. Actors are kept as plain ids, not
 * foreign keys, so that the trail outlives the users and keys it mentions.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    // No cascade: a workspace with an audit trail is archived, never silently deleted with it.
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    actorUserId: uuid(),
    actorApiKeyId: uuid(),
    /** How the actor reached us, for people reading the trail: `api`, `cli (root@host)`, `installation`. */
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('audit_events_workspace_id_idx').on(table.workspaceId, table.id),
    index('audit_events_target_idx').on(table.workspaceId, table.targetType, table.targetId),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
