import { apiKeyRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import type { ApiKeysService } from './api-keys.service.ts';
import { actorOf } from './principal.ts';

export function registerApiKeyRoutes(surface: RouteSurface, { apiKeys }: { apiKeys: ApiKeysService }): void {
  bindRoute(surface, apiKeyRoutes.list, async ({ principal, query }) => ({ items: await apiKeys.list(principal, query) }));
  bindRoute(surface, apiKeyRoutes.create, ({ principal, requestId, body }) => apiKeys.create(principal, actorOf(principal, requestId), body));
  bindRoute(surface, apiKeyRoutes.revoke, ({ principal, requestId, params }) => apiKeys.revoke(principal, actorOf(principal, requestId), params.apiKeyId));
}
