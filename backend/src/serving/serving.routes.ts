import { servingRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteHandler, type RouteSurface } from '../api/bind-route.ts';
import type { Principal } from '../auth/principal.ts';
import type { RecordScoresService } from './record-scores.service.ts';
import type { ScoreCaller, ScoringEngine } from './scoring-engine.ts';

function callerOf(principal: Principal, requestId: string, source: string): ScoreCaller {
  return { workspaceId: principal.workspaceId, userId: principal.userId, apiKeyId: principal.apiKeyId, requestId, source };
}

/** `POST /v1/score`'s handler; the API also runs it from its fast path (api/score-fast-path.ts). */
export function scoreRecordsHandler(engine: ScoringEngine): RouteHandler<typeof servingRoutes.score> {
  return ({ principal, requestId, body }) => engine.score(callerOf(principal, requestId, body.source), body.model, body.records, { reasons: body.reasons });
}

export function registerServingRoutes(surface: RouteSurface, { engine, recordScores }: { engine: ScoringEngine; recordScores: RecordScoresService }): void {
  bindRoute(surface, servingRoutes.score, scoreRecordsHandler(engine));
  bindRoute(surface, servingRoutes.recordScore, ({ principal, requestId, params, query }) => recordScores.get(callerOf(principal, requestId, 'api'), params.object, params.recordId, query.model));
}
