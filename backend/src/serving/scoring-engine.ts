import type { RecordScoreResult, ScoreResponse, ServedModel } from '@scorebridge/shared';
import type { Db, Sql } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { listenForRegistryChanges } from '../registry/index.ts';
import { loadServingModel } from './load-serving-model.ts';
import { DEFAULT_BATCHING, type BatchingOptions } from './micro-batcher.ts';
import { createModelCache } from './model-cache.ts';
import { createPredictionLog, DEFAULT_PREDICTION_LOG, type PredictionLogOptions } from './prediction-log.ts';
import { databaseStore, type PredictionLogStore } from './prediction-log-store.ts';
import type { PredictionLogEntry } from './prediction-logs.repo.ts';
import { createReferenceCache, type ServedReference } from './reference-cache.ts';
import { toRecordScoreResult } from './score-results.ts';
import { isRecordObject, type ServingModel } from './serving-model.ts';
import { withExcelDates } from './excel-dates.ts';
import { createShadowQueue } from './shadow-scoring.ts';

/** Who asked, for the prediction log. */
export interface ScoreCaller {
  workspaceId: string;
  userId: string | null;
  apiKeyId: string | null;
  requestId: string | null;
  /** api, excel, rescore. */
  source: string;
}

export interface ScoreOptions {
  /** Reasons listed per side; 0 skips explaining. */
  reasons: number;
  /** The CRM records these are, in the same order, for the prediction log. */
  crmRecords?: { object: string; recordIds: readonly string[] };
  /** Also score with the model's challenger in the background (default true). */
  shadow?: boolean;
}

export interface ScoredBatch {
  model: ServedModel;
  scoredAt: Date;
  results: RecordScoreResult[];
}

export interface ScoringEngineOptions {
  /** Memory bound of loaded versions (SERVING_CACHE_MAX_BYTES). */
  maxCacheBytes: number;
  batching?: BatchingOptions;
  predictionLog?: PredictionLogOptions;
  /**
   * Where the prediction log's batches are stored (default: through `db` on this thread). The API
   * gives a worker-thread store (decision 0031); the engine closes it.
   */
  predictionLogStore?: PredictionLogStore;
  /** Challenger records waiting to be shadow-scored, at most. */
  shadowMaxPendingRecords?: number;
  /** Follow registry changes made by other processes (LISTEN); off for a one-job engine. */
  listen?: boolean;
}

const DEFAULT_SHADOW_MAX_PENDING_RECORDS = 20_000;

/**
 * Scoring as every caller does it (the API, the rescoring job): a model reference resolved from a
 * per-process cache kept in step with the registry by LISTEN/NOTIFY, the version's ONNX Runtime
 * session from a bounded cache, micro-batched runs, results with reasons, the prediction log, and
 * the challenger's shadow scores. Once caches are warm a request makes no database query of its
 * own; its log rows are written in batches by the prediction log.
 */
export async function startScoringEngine({ db, sql, logger, options }: { db: Db; sql?: Sql; logger: Logger; options: ScoringEngineOptions }) {
  const references = createReferenceCache(db);
  const models = createModelCache({ maxBytes: options.maxCacheBytes, load: (version) => loadServingModel(db, version), logger, batching: options.batching ?? DEFAULT_BATCHING });
  const predictionLogStore = options.predictionLogStore ?? databaseStore(db);
  const predictionLog = createPredictionLog({ store: predictionLogStore, logger, options: options.predictionLog ?? DEFAULT_PREDICTION_LOG });
  const shadows = createShadowQueue({ maxPendingRecords: options.shadowMaxPendingRecords ?? DEFAULT_SHADOW_MAX_PENDING_RECORDS, logger });
  const stopListening = options.listen && sql ? await listenForRegistryChanges(sql, { onChange: references.onChange, onReconnect: references.onReconnect }, logger) : undefined;

  const scoreVersion = async (caller: ScoreCaller, reference: ServedReference, version: ServedReference['version'], records: readonly unknown[], scoreOptions: ScoreOptions & { shadow: boolean }): Promise<ScoredBatch> => {
    const lease = await models.acquire(version);
    let model: ServingModel;
    let results: RecordScoreResult[];
    const scoredAt = new Date();
    try {
      model = lease.model;
      const input = caller.source === 'excel' ? withExcelDates(records, model.dateFields) : records;
      const scored = await lease.score(input, scoreOptions.reasons > 0);
      results = scored.map((record) => toRecordScoreResult(record, model.baseProbability, reference.gradeBands, scoreOptions.reasons));
    } finally {
      lease.release();
    }
    await predictionLog.append(logEntries(caller, reference, model, records, results, scoredAt, scoreOptions));
    return {
      model: { name: reference.modelName, version: version.version, versionId: version.id, via: version.id === reference.version.id ? reference.via : 'challenger', kind: version.kind, explanation: model.explanation },
      scoredAt,
      results,
    };
  };

  /** Scores with the version a resolved reference names, then queues the challenger's shadow scores. */
  const scoreReference = async (caller: ScoreCaller, reference: ServedReference, records: readonly unknown[], scoreOptions: ScoreOptions): Promise<ScoredBatch> => {
    const batch = await scoreVersion(caller, reference, reference.version, records, { ...scoreOptions, shadow: false });
    const challenger = reference.challenger;
    if (challenger && scoreOptions.shadow !== false) {
      shadows.submit({ records, run: async () => void (await scoreVersion(caller, reference, challenger, records, { ...scoreOptions, reasons: 0, shadow: true })) });
    }
    return batch;
  };

  return {
    references,

    /** `POST /v1/score`: records scored by the version `modelText` names in the caller's workspace. */
    async score(caller: ScoreCaller, modelText: string, records: readonly unknown[], scoreOptions: ScoreOptions): Promise<ScoreResponse> {
      const reference = await references.resolve(caller.workspaceId, modelText);
      const batch = await scoreReference(caller, reference, records, scoreOptions);
      return { model: batch.model, scoredAt: batch.scoredAt.toISOString(), results: batch.results };
    },

    scoreReference,

    stats() {
      return { models: models.stats(), references: references.size(), predictionLog: predictionLog.stats(), shadow: shadows.stats() };
    },

    /** Writes the prediction log rows buffered now (tests, and jobs before they finish). */
    async flush(): Promise<void> {
      await shadows.idle();
      await predictionLog.flush();
    },

    /** Stops following the registry, lets shadow scoring finish, writes the log, frees the sessions. */
    async close(): Promise<void> {
      await stopListening?.();
      await shadows.close();
      await predictionLog.close();
      await predictionLogStore.close();
      await models.close();
    },
  };
}

export type ScoringEngine = Awaited<ReturnType<typeof startScoringEngine>>;

function logEntries(
  caller: ScoreCaller,
  reference: ServedReference,
  model: ServingModel,
  records: readonly unknown[],
  results: readonly RecordScoreResult[],
  scoredAt: Date,
  options: ScoreOptions & { shadow: boolean },
): PredictionLogEntry[] {
  const fields = model.version.inputFields;
  return results.map((result, index) => {
    const record = records[index];
    return {
      workspaceId: caller.workspaceId,
      modelId: reference.modelId,
      versionId: model.version.id,
      shadow: options.shadow,
      source: caller.source,
      callerUserId: caller.userId,
      callerApiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      crmObject: options.crmRecords?.object ?? null,
      recordId: options.crmRecords?.recordIds[index] ?? null,
      inputs: isRecordObject(record) ? pickFields(record, fields) : { notAnObject: record ?? null },
      probability: result.probability,
      score: result.score,
      grade: result.grade,
      reasons: result.probability === null || options.reasons === 0 ? null : result.reasons,
      problem: result.problem ?? null,
      scoredAt,
    };
  });
}

/** The fields the version reads, as the record has them. */
function pickFields(record: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (Object.hasOwn(record, field)) picked[field] = record[field];
  return picked;
}
