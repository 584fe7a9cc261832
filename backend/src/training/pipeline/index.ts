/**
 * The pure training pipeline (no database, no job): split, feature specs, GBDT and logistic
 * regression, calibration, holdout evaluation, the choice, feature importance and ONNX export.
 * A training job and `scorebridge train` call `trainCandidate`.
 */
export { trainCandidate, CHOICE_RULE } from './train-candidate.ts';
export { MODEL_KINDS } from './candidate-types.ts';
export type {
  CandidateChoice,
  CandidateModel,
  GbdtTrainingSummary,
  LogisticTrainingSummary,
  ModelKind,
  TrainCandidateInput,
  TrainCandidateOptions,
  TrainedCandidate,
} from './candidate-types.ts';
export { HOLDOUT_SHARE, MIN_TRAINING_ROWS_PER_OUTCOME, SPLIT_KINDS, splitRows } from './split-rows.ts';
export type { PartCounts, RowSplit, SplitKind, SplitRowsOptions, SplitSummary } from './split-rows.ts';
export { readRowOutcomes } from './read-outcomes.ts';
export type { DateColumnReading, RowOutcomes } from './read-outcomes.ts';
export { resolveTrainingTarget } from './training-target.ts';
export { splitDataset } from './dataset-split.ts';
export type { DatasetSplit, DatasetSplitInput } from './dataset-split.ts';
export { matrixRows } from './matrix-rows.ts';
export { TRAINING_STAGES } from './stage-clock.ts';
export type { StageDurations, TrainingProgress, TrainingStage } from './stage-clock.ts';
