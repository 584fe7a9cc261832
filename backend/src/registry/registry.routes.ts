import { promotionRoutes, registryRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import { actorOf } from '../auth/principal.ts';
import { registerPromotionRoutes } from './promotions/promotions.routes.ts';
import type { RegistryService } from './registry.service.ts';

export function registerRegistryRoutes(surface: RouteSurface, { registry }: { registry: RegistryService }): void {
  bindRoute(surface, registryRoutes.list, async ({ principal }) => ({ items: await registry.list(principal.workspaceId) }));
  bindRoute(surface, registryRoutes.get, ({ principal, params }) => registry.get(principal.workspaceId, params.modelName));
  bindRoute(surface, registryRoutes.versions, async ({ principal, params }) => ({ items: await registry.versions(principal.workspaceId, params.modelName) }));
  bindRoute(surface, promotionRoutes.upload, ({ principal, requestId, params, body }) =>
    registry.upload(actorOf(principal, requestId), params.modelName, { bytes: Buffer.from(body.onnxBase64, 'base64'), mapping: body.mapping, positive: body.positive, description: body.description }),
  );
  bindRoute(surface, registryRoutes.update, ({ principal, requestId, params, body }) => registry.update(actorOf(principal, requestId), params.modelName, body));
  bindRoute(surface, registryRoutes.schedule, ({ principal, requestId, params, body }) => registry.setRetrainingSchedule(actorOf(principal, requestId), params.modelName, body));
  registerPromotionRoutes(surface, { promotions: registry.promotions });
}
