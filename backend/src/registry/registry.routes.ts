import { registryRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import { actorOf } from '../auth/principal.ts';
import type { RegistryService } from './registry.service.ts';

export function registerRegistryRoutes(surface: RouteSurface, { registry }: { registry: RegistryService }): void {
  bindRoute(surface, registryRoutes.list, async ({ principal }) => ({ items: await registry.list(principal.workspaceId) }));
  bindRoute(surface, registryRoutes.get, ({ principal, params }) => registry.get(principal.workspaceId, params.modelName));
  bindRoute(surface, registryRoutes.versions, async ({ principal, params }) => ({ items: await registry.versions(principal.workspaceId, params.modelName) }));
  bindRoute(surface, registryRoutes.schedule, ({ principal, requestId, params, body }) => registry.setRetrainingSchedule(actorOf(principal, requestId), params.modelName, body));
}
