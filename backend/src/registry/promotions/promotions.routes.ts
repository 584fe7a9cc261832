import { promotionRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../../api/bind-route.ts';
import { actorOf } from '../../auth/principal.ts';
import type { PromotionsService } from './promotions.service.ts';

export function registerPromotionRoutes(surface: RouteSurface, { promotions }: { promotions: PromotionsService }): void {
  bindRoute(surface, promotionRoutes.create, ({ principal, requestId, params, body }) => promotions.request(actorOf(principal, requestId), params.modelName, body));
  bindRoute(surface, promotionRoutes.list, async ({ principal, query }) => ({ items: await promotions.list(principal.workspaceId, query) }));
  bindRoute(surface, promotionRoutes.get, ({ principal, params }) => promotions.get(principal.workspaceId, params.promotionId));
  bindRoute(surface, promotionRoutes.approve, ({ principal, requestId, params, body }) => promotions.approve(actorOf(principal, requestId), params.promotionId, body));
  bindRoute(surface, promotionRoutes.reject, ({ principal, requestId, params, body }) => promotions.reject(actorOf(principal, requestId), params.promotionId, body.comment));
  bindRoute(surface, promotionRoutes.withdraw, ({ principal, requestId, params }) => promotions.withdraw(actorOf(principal, requestId), params.promotionId));
  bindRoute(surface, promotionRoutes.rollback, ({ principal, requestId, params, body }) => promotions.rollback(actorOf(principal, requestId), params.modelName, body));
}
