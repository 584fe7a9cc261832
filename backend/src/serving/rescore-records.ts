import { CHAMPION_ALIAS, type ScoredCrmObject } from '@scorebridge/shared';
import type { Executor } from '../db/client.ts';
import { NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { listRegisteredModels } from '../registry/registered-models.repo.ts';
import { createSegmentRouter } from '../registry/segments.ts';
import { upsertRecordScores, type NewRecordScore } from './record-scores.repo.ts';
import { STORED_REASONS_PER_SIDE } from './record-scores.service.ts';
import type { ScoreCaller, ScoringEngine } from './scoring-engine.ts';
import { storedReasons } from './score-results.ts';
import { listRecordsToRescore } from './synced-records.repo.ts';

/** Records read, scored and stored together. */
export const RESCORE_CHUNK_RECORDS = 500;

export interface RescoreOutcome {
  model: string;
  /** Null when the model was skipped. */
  version: number | null;
  scored: number;
  /** Records the version could not score (their stored score, if any, is left as it was). */
  unscored: number;
  skipped?: string;
}

/**
 * Scores the synced records of one object that changed since they were last scored, or were
 * scored by another version, with the champion of each model registered for that object, chunk by
 * chunk, and stores the scores (record_scores). Each record is scored by the one model its segment
 * routes it to. A model without a champion is skipped: only an approved version's scores go to the
 * CRM.
 */
export async function rescoreRecords(
  { db, engine, logger }: { db: Executor; engine: ScoringEngine; logger: Logger },
  caller: ScoreCaller,
  object: ScoredCrmObject,
  signal?: AbortSignal,
): Promise<RescoreOutcome[]> {
  const models = (await listRegisteredModels(db, caller.workspaceId)).filter((model) => model.crmObject === object);
  // Each record belongs to one of the object's models, by their segments (registry/segments.ts).
  const modelOf = createSegmentRouter(models);
  const outcomes: RescoreOutcome[] = [];
  for (const model of models) {
    const reference = await engine.references.resolve(caller.workspaceId, `${model.name}@${CHAMPION_ALIAS}`).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (!reference) {
      logger.info({ model: model.name, object }, 'model has no champion; its records are not rescored');
      outcomes.push({ model: model.name, version: null, scored: 0, unscored: 0, skipped: 'no champion' });
      continue;
    }
    const outcome: RescoreOutcome = { model: model.name, version: reference.version.version, scored: 0, unscored: 0 };
    const scope = { workspaceId: caller.workspaceId, object, modelId: model.id, versionId: reference.version.id };
    for (let after = ''; ; ) {
      signal?.throwIfAborted();
      const listed = await listRecordsToRescore(db, scope, after, RESCORE_CHUNK_RECORDS);
      if (listed.length === 0) break;
      after = listed.at(-1)!.recordId;
      const records = listed.filter((record) => modelOf(record.fields) === model.id);
      if (records.length === 0) continue;
      const batch = await engine.scoreReference(
        caller,
        reference,
        records.map((record) => record.fields),
        { reasons: STORED_REASONS_PER_SIDE, crmRecords: { object, recordIds: records.map((record) => record.recordId) }, shadow: false },
      );
      const scores: NewRecordScore[] = [];
      batch.results.forEach((result, index) => {
        if (result.probability === null || result.score === null || result.grade === null) return void (outcome.unscored += 1);
        const record = records[index]!;
        scores.push({
          workspaceId: caller.workspaceId,
          modelId: model.id,
          crmObject: object,
          recordId: record.recordId,
          versionId: reference.version.id,
          probability: result.probability,
          score: result.score,
          grade: result.grade,
          reasons: storedReasons(result.reasons),
          scoredAt: record.readAt,
        });
      });
      await upsertRecordScores(db, scores);
      outcome.scored += scores.length;
    }
    logger.info({ model: model.name, version: outcome.version, object, scored: outcome.scored, unscored: outcome.unscored }, 'records rescored');
    outcomes.push(outcome);
  }
  return outcomes;
}
