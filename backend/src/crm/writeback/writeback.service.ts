import { CRM_OBJECTS, type StartWriteback, type WritebackJob, type WritebackStatus } from '@scorebridge/shared';
import type { Db } from '../../db/client.ts';
import { ConflictError } from '../../errors.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { queueWriteback } from './writeback.jobs.ts';
import { DEFAULT_WRITEBACK_SETTINGS, requireCrmConnection } from './writeback-runner.ts';
import { countWriteStates, listWriteErrors, listWritebackModels } from './writeback-rows.repo.ts';

/** Errors shown per object in the status. */
const ERRORS_SHOWN = 10;

export interface WritebackServiceDeps {
  db: Db;
  jobQueue: Pick<JobQueue, 'send'>;
}

export function createWritebackService({ db, jobQueue }: WritebackServiceDeps) {
  return {
    /** Queues a write-back of one object, once it is clear there is an org to write to and a model to write. */
    async start(workspaceId: string, input: StartWriteback): Promise<WritebackJob> {
      await requireCrmConnection(db, workspaceId);
      const [model] = await listWritebackModels(db, workspaceId, input.object);
      if (!model) throw new ConflictError(`No model with a champion scores ${input.object}: register a model for ${input.object} and promote a version to champion first`);
      const jobId = await queueWriteback(jobQueue, { workspaceId, object: input.object, retryFailedNow: true });
      return { jobId, object: input.object, model, queuedAt: new Date().toISOString() };
    },

    async status(workspaceId: string): Promise<WritebackStatus> {
      const { maxAttempts } = DEFAULT_WRITEBACK_SETTINGS;
      const objects = await Promise.all(
        CRM_OBJECTS.map(async (object) => {
          const models = await listWritebackModels(db, workspaceId, object);
          if (models.length === 0) return { object, model: null, models: [], pending: 0, written: 0, failed: 0, retrying: 0, lastErrors: [] };
          // Models with segments share the object's fields: their counts add up; errors, newest first, across them.
          const perModel = await Promise.all(
            models.map(async (model) => {
              const scope = { workspaceId, modelId: model.id, object };
              return Promise.all([countWriteStates(db, scope, maxAttempts), listWriteErrors(db, scope, ERRORS_SHOWN)]);
            }),
          );
          const sum = (key: 'pending' | 'written' | 'failed' | 'retrying') => perModel.reduce((total, [counts]) => total + counts[key], 0);
          const errors = perModel
            .flatMap(([, list]) => list)
            .sort((a, b) => b.scoredAt.getTime() - a.scoredAt.getTime())
            .slice(0, ERRORS_SHOWN);
          return {
            object,
            model: models[0]!,
            models,
            pending: sum('pending'),
            written: sum('written'),
            failed: sum('failed'),
            retrying: sum('retrying'),
            lastErrors: errors.map((row) => ({ ...row, error: row.error ?? '', scoredAt: row.scoredAt.toISOString() })),
          };
        }),
      );
      return { maxAttempts, objects };
    },
  };
}

export type WritebackService = ReturnType<typeof createWritebackService>;
