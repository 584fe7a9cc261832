import { auditEventRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import type { Db } from '../db/client.ts';
import { listAuditTrail } from './audit-trail.ts';

export function registerAuditRoutes(surface: RouteSurface, { db }: { db: Db }): void {
  bindRoute(surface, auditEventRoutes.list, ({ principal, query }) => listAuditTrail(db, principal.workspaceId, query));
}
