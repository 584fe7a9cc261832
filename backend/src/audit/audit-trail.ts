import type { AuditAction, AuditEvent } from '@scorebridge/shared';
import type { Actor } from '../auth/principal.ts';
import type { Db, Executor } from '../db/client.ts';
import type { AuditEventRow } from '../db/schema/index.ts';
import { BadRequestError } from '../errors.ts';
import { insertAuditEvent, listAuditEvents } from './audit-events.repo.ts';

export interface AuditEntry {
  action: AuditAction;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one event. Call it with the same transaction as the change it describes, so that a
 * change and its record are stored together or not at all.
 */
export async function recordAuditEvent(db: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(db, {
    workspaceId: actor.workspaceId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    actorLabel: actor.label,
    requestId: actor.requestId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export interface AuditQuery {
  limit: number;
  cursor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
}

/** Event ids are Postgres bigints; a larger cursor would fail in the query instead of here. */
const MAX_EVENT_ID = 2n ** 63n - 1n;

export async function listAuditTrail(db: Db, workspaceId: string, query: AuditQuery): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  if (query.cursor !== undefined && (!/^[1-9][0-9]{0,18}$/.test(query.cursor) || BigInt(query.cursor) > MAX_EVENT_ID)) {
    throw new BadRequestError('The cursor is not one this API returned', [{ field: 'query.cursor', message: 'Pass the nextCursor of the previous page unchanged' }]);
  }
  const rows = await listAuditEvents(db, workspaceId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { beforeId: BigInt(query.cursor) }),
    ...(query.targetType === undefined ? {} : { targetType: query.targetType }),
    ...(query.targetId === undefined ? {} : { targetId: query.targetId }),
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toAuditEvent), nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null };
}

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: String(row.id),
    workspaceId: row.workspaceId,
    actorUserId: row.actorUserId,
    actorApiKeyId: row.actorApiKeyId,
    actorLabel: row.actorLabel,
    action: row.action as AuditAction,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
    occurredAt: row.occurredAt.toISOString(),
  };
}
