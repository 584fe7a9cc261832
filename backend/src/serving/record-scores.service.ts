import { CHAMPION_ALIAS, ERROR_CODES, scoreTrend, type ScoredCrmObject, type ScoreReason, type StoredRecordScore } from '@scorebridge/shared';
import type { Executor } from '../db/client.ts';
import type { RegisteredModelRow } from '../db/schema/index.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import { findRegisteredModel, listRegisteredModels } from '../registry/registered-models.repo.ts';
import { createSegmentRouter, parseSegment } from '../registry/segments.ts';
import { findRecordScore, upsertRecordScores } from './record-scores.repo.ts';
import type { ScoreCaller, ScoringEngine } from './scoring-engine.ts';
import { storedReasons } from './score-results.ts';
import { findSyncedRecord } from './synced-records.repo.ts';

/** Reasons kept per side with a stored score: what a CRM record card shows, and a few more. */
export const STORED_REASONS_PER_SIDE = 5;

/**
 * The model that scores an object's records: the one named, else the workspace's model registered
 * for that object, else the workspace's only model if it is registered for no object (a model for
 * opportunities never answers for a lead). 404 saying what to do otherwise.
 */
export async function modelForObject(db: Executor, workspaceId: string, object: ScoredCrmObject, name: string | undefined, recordId?: string): Promise<RegisteredModelRow> {
  if (name !== undefined) {
    const model = await findRegisteredModel(db, workspaceId, name);
    if (!model) throw new NotFoundError('Model', `"${name}"`);
    return model;
  }
  const models = await listRegisteredModels(db, workspaceId);
  const forObject = models.filter((model) => model.crmObject === object);
  if (forObject.length === 1) return forObject[0]!;
  // Models that share the object by segment (at most one of them without one) route each record.
  if (forObject.length > 1 && recordId !== undefined && forObject.filter((model) => parseSegment(model.segment) === null).length <= 1) {
    // Several models share the object by segment: the record's own fields say which one scores it.
    const record = await findSyncedRecord(db, { workspaceId, object, recordId });
    const routed = record ? createSegmentRouter(forObject)(record.fields) : null;
    const model = forObject.find((candidate) => candidate.id === routed);
    if (model) return model;
  }
  if (forObject.length === 0 && models.length === 1 && models[0]!.crmObject === null) return models[0]!;
  const names = (list: readonly RegisteredModelRow[]) => list.map((model) => `"${model.name}"`).join(', ');
  const message =
    forObject.length > 1
      ? `Several models score ${object} records (${names(forObject)}): choose one with ?model=`
      : models.length === 0
        ? 'No model is registered in this workspace'
        : `No model is registered for ${object} records (the workspace has ${names(models)}): choose one with ?model=`;
  throw new AppError(404, ERROR_CODES.notFound, message);
}

/** `GET /v1/records/{object}/{recordId}/score`: the stored score, or one computed now for a record synced but not yet scored. */
export function createRecordScoresService({ db, engine }: { db: Executor; engine: ScoringEngine }) {
  return {
    async get(caller: ScoreCaller, object: ScoredCrmObject, recordId: string, modelName: string | undefined): Promise<StoredRecordScore> {
      const model = await modelForObject(db, caller.workspaceId, object, modelName, recordId);
      const stored = await findRecordScore(db, { workspaceId: caller.workspaceId, modelId: model.id, crmObject: object, recordId });
      if (stored) {
        const reasons = stored.reasons as ScoreReason[];
        return {
          object,
          recordId,
          model: { name: stored.modelName, version: stored.version, versionId: stored.versionId },
          probability: stored.probability,
          score: stored.score,
          grade: stored.grade,
          reasons: { positive: reasons.filter((reason) => reason.points > 0), negative: reasons.filter((reason) => reason.points < 0) },
          scoredAt: stored.scoredAt.toISOString(),
          previousScore: stored.previousScore,
          previousScoredAt: stored.previousScoredAt?.toISOString() ?? null,
          trend: scoreTrend(stored.score, stored.previousScore),
        };
      }
      return scoreNow(caller, object, recordId, model);
    },
  };

  async function scoreNow(caller: ScoreCaller, object: ScoredCrmObject, recordId: string, model: RegisteredModelRow): Promise<StoredRecordScore> {
    const record = await findSyncedRecord(db, { workspaceId: caller.workspaceId, object, recordId });
    if (!record) throw new NotFoundError(`${object}`, `${recordId} (not synced from the CRM, or deleted there)`);
    const reference = await engine.references.resolve(caller.workspaceId, model.name);
    const batch = await engine.scoreReference(caller, reference, [record.fields], { reasons: STORED_REASONS_PER_SIDE, crmRecords: { object, recordIds: [recordId] } });
    const result = batch.results[0]!;
    if (result.probability === null || result.score === null || result.grade === null) {
      throw new ValidationError(`${object} ${recordId} cannot be scored by "${model.name}": ${result.problem}`, [{ field: 'params.recordId', message: result.problem ?? 'cannot be scored' }]);
    }
    // Only the champion's scores are stored (and so written back to the CRM); before a champion is
    // approved a record is scored by the newest version each time it is asked for.
    if (reference.via === CHAMPION_ALIAS) {
      await upsertRecordScores(db, [
        {
          workspaceId: caller.workspaceId,
          modelId: model.id,
          crmObject: object,
          recordId,
          versionId: batch.model.versionId,
          probability: result.probability,
          score: result.score,
          grade: result.grade,
          reasons: storedReasons(result.reasons),
          scoredAt: record.readAt,
        },
      ]);
    }
    return {
      object,
      recordId,
      model: { name: batch.model.name, version: batch.model.version, versionId: batch.model.versionId },
      probability: result.probability,
      score: result.score,
      grade: result.grade,
      reasons: { positive: result.reasons.positive, negative: result.reasons.negative },
      scoredAt: record.readAt.toISOString(),
      previousScore: null,
      previousScoredAt: null,
      trend: null,
    };
  }
}

export type RecordScoresService = ReturnType<typeof createRecordScoresService>;
