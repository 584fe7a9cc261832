import { CHAMPION_ALIAS, SCORED_CRM_OBJECTS, type ScoredCrmObject } from '@scorebridge/shared';
import type { RegisteredModelRow } from '../db/schema/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { queueRescore } from './serving.jobs.ts';

function scoredObject(model: RegisteredModelRow): ScoredCrmObject | undefined {
  return SCORED_CRM_OBJECTS.find((object) => object === model.crmObject);
}

/**
 * The registry's `afterAliasMoved` hook: when a model for a CRM object gets a new champion (an
 * approved promotion, a rollback), that object's records are rescored by it, and the write-back
 * follows. Other aliases move nothing stored.
 */
export function rescoreWhenChampionMoves(jobQueue: Pick<JobQueue, 'send'>, logger: Logger) {
  return async ({ workspaceId, model, alias }: { workspaceId: string; model: RegisteredModelRow; alias: string }): Promise<void> => {
    const object = scoredObject(model);
    if (alias !== CHAMPION_ALIAS || !object) return;
    try {
      await queueRescore(jobQueue, { workspaceId, crmObject: object, reason: 'promotion' });
    } catch (error) {
      // The promotion stands; the next sync's rescoring picks the new champion up.
      logger.error({ err: error, workspaceId, model: model.name, object }, 'the rescoring after a champion moved could not be queued');
    }
  };
}

/**
 * The registry's `afterRoutingChanged` hook: a model's CRM object or segment changed, so the stored
 * scores of those objects were dropped; their records are scored again, each by the model its
 * segment now routes it to.
 */
export function rescoreWhenRoutingChanges(jobQueue: Pick<JobQueue, 'send'>, logger: Logger) {
  return async ({ workspaceId, objects }: { workspaceId: string; objects: string[] }): Promise<void> => {
    for (const object of SCORED_CRM_OBJECTS.filter((scored) => objects.includes(scored))) {
      try {
        await queueRescore(jobQueue, { workspaceId, crmObject: object, reason: 'manual' });
      } catch (error) {
        logger.error({ err: error, workspaceId, object }, 'the rescoring after a segment change could not be queued');
      }
    }
  };
}
