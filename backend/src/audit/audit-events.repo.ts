import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { auditEvents, type AuditEventRow } from '../db/schema/index.ts';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Executor, values: NewAuditEvent): Promise<AuditEventRow> {
  const [row] = await db.insert(auditEvents).values(values).returning();
  return row!;
}

export interface AuditEventFilter {
  limit: number;
  /** Only events older than this id (the page cursor). */
  beforeId?: bigint;
  targetType?: string;
  targetId?: string;
}

/** Newest first. Fetches one row more than asked so the caller knows whether another page exists. */
export async function listAuditEvents(db: Executor, workspaceId: string, filter: AuditEventFilter): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, workspaceId),
        filter.beforeId === undefined ? undefined : lt(auditEvents.id, filter.beforeId),
        filter.targetType === undefined ? undefined : eq(auditEvents.targetType, filter.targetType),
        filter.targetId === undefined ? undefined : eq(auditEvents.targetId, filter.targetId),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit + 1);
}
