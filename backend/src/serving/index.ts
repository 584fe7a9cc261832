/**
 * Serving: scores of records by registered models, with reasons, for the API, the rescoring job
 * and the CRM write-back. See README.md in this folder.
 */
export { databaseStore, workerThreadStore, type PredictionLogStore } from './prediction-log-store.ts';
export { createRecordScoresService, modelForObject, type RecordScoresService } from './record-scores.service.ts';
export { rescoreRecords, type RescoreOutcome } from './rescore-records.ts';
export { rescoreWhenChampionMoves, rescoreWhenRoutingChanges } from './rescore-triggers.ts';
export { startScoringEngine, type ScoreCaller, type ScoreOptions, type ScoringEngine, type ScoringEngineOptions } from './scoring-engine.ts';
export { queueRescore, rescoreJob, rescorePayloadSchema, rescoreQueue, type RescorePayload } from './serving.jobs.ts';
export { registerServingRoutes, scoreRecordsHandler } from './serving.routes.ts';
