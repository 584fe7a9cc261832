import { crmRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import { actorOf } from '../auth/principal.ts';
import type { CrmService } from './crm.service.ts';

export function registerCrmRoutes(surface: RouteSurface, { crm }: { crm: CrmService }): void {
  bindRoute(surface, crmRoutes.connect, ({ principal, requestId, body }) => crm.connect(actorOf(principal, requestId), body));
  bindRoute(surface, crmRoutes.status, ({ principal }) => crm.status(principal.workspaceId));
  bindRoute(surface, crmRoutes.startSync, ({ principal, requestId, body }) => crm.startSync(actorOf(principal, requestId), body));
  bindRoute(surface, crmRoutes.getSync, ({ principal, params }) => crm.getSync(principal.workspaceId, params.syncRunId));
  bindRoute(surface, crmRoutes.startWriteback, ({ principal, body }) => crm.writeback.start(principal.workspaceId, body));
  bindRoute(surface, crmRoutes.writebackStatus, ({ principal }) => crm.writeback.status(principal.workspaceId));
}
