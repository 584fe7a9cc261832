export { crmWritebackJob, crmWritebackQueue, queueWriteback, writebackPayloadSchema, type WritebackPayload } from './writeback.jobs.ts';
export { DEFAULT_WRITEBACK_SETTINGS, runWriteback, writebackSettings, type WritebackOptions, type WritebackResult, type WritebackSettings } from './writeback-runner.ts';
export { SCORE_FIELD_DEFINITIONS } from './score-fields.ts';
export { createWritebackService, type WritebackService } from './writeback.service.ts';
