import { trainingRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../../api/bind-route.ts';
import { actorOf } from '../../auth/principal.ts';
import type { TrainingRunsService } from './training-runs.service.ts';

export function registerTrainingRoutes(surface: RouteSurface, { trainingRuns }: { trainingRuns: TrainingRunsService }): void {
  bindRoute(surface, trainingRoutes.start, ({ principal, requestId, body }) => trainingRuns.start(actorOf(principal, requestId), body));
  bindRoute(surface, trainingRoutes.list, async ({ principal }) => ({ items: await trainingRuns.list(principal.workspaceId) }));
  bindRoute(surface, trainingRoutes.get, ({ principal, params }) => trainingRuns.get(principal.workspaceId, params.trainingRunId));
  bindRoute(surface, trainingRoutes.cancel, ({ principal, requestId, params }) => trainingRuns.cancel(actorOf(principal, requestId), params.trainingRunId));
  bindRoute(surface, trainingRoutes.experiments, async ({ principal }) => ({ items: await trainingRuns.experiments(principal.workspaceId) }));
  bindRoute(surface, trainingRoutes.compare, ({ principal, params }) => trainingRuns.compare(principal.workspaceId, params.experimentId));
}
