import { userRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import { actorOf } from './principal.ts';
import type { UsersService } from './users.service.ts';

export function registerUserRoutes(surface: RouteSurface, { users }: { users: UsersService }): void {
  bindRoute(surface, userRoutes.list, async ({ principal }) => ({ items: await users.list(principal.workspaceId) }));
  bindRoute(surface, userRoutes.get, ({ principal, params }) => users.get(principal.workspaceId, params.userId));
  bindRoute(surface, userRoutes.create, ({ principal, requestId, body }) => users.create(actorOf(principal, requestId), body));
  bindRoute(surface, userRoutes.update, ({ principal, requestId, params, body }) => users.update(actorOf(principal, requestId), params.userId, body));
}
