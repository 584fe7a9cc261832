import type { DatasetProfile, FeatureExclusion, FeatureTarget, FittedFeatureSpec, TargetSpec } from '@scorebridge/shared';
import type { TableStream } from '../../datasets/table.ts';
import type { CalibrationReport, Calibrator } from '../calibration/index.ts';
import type { EvaluationReport } from '../evaluation/index.ts';
import type { FeatureImportance, GbdtParams, GbdtParamsInput, TreeModel } from '../gbdt/index.ts';
import type { LogisticRegressionModel } from '../linear/index.ts';
import type { TuningTrial } from '../tuning/index.ts';
import type { SplitSummary } from './split-rows.ts';
import type { StageDurations, TrainingProgress } from './stage-clock.ts';

export interface TrainCandidateInput {
  /** Opens the dataset from its first row; called once per pass (four or five passes). */
  read: () => TableStream;
  /** The profile of the same data: column types, missing shares, the target's values. */
  profile: DatasetProfile;
  target: TargetSpec;
  /** Columns never to read: leakage suspects (fields filled once the outcome is known), the analyst's choices. */
  exclude?: readonly string[];
  /** A date column (a record's creation date, say) for a time-based holdout; without it the holdout is stratified. */
  dateColumn?: string | null;
}

export interface TrainCandidateOptions {
  /** The same seed on the same data gives the same candidate, byte for byte. Default 0. */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /** `daysSince` is counted to this date (the snapshot time); default the latest date in the profile. */
  referenceDate?: string;
  /** Overrides of the GBDT defaults; the seed comes from `seed`. */
  gbdtParams?: Omit<GbdtParamsInput, 'seed'>;
  /** The logistic regression's penalty; default 1 / (fit rows), scikit-learn's C = 1. */
  logisticL2?: number;
  /**
   * Tune the GBDT's hyperparameters by successive halving on the fit and validation rows before
   * the final fit; without it the defaults (or `gbdtParams`) are used as they are.
   */
  tuning?: { trials: number };
}

export const MODEL_KINDS = Object.freeze({ gbdt: 'gbdt', logistic: 'logistic' } as const);
export type ModelKind = (typeof MODEL_KINDS)[keyof typeof MODEL_KINDS];

export interface GbdtTrainingSummary {
  params: GbdtParams;
  bestRound: number;
  roundsTrained: number;
  stoppedEarly: boolean;
  fitRowCount: number;
  validationRowCount: number;
  /** Validation log loss (uncalibrated) at the kept round. */
  validationLoss: number | null;
}

export interface LogisticTrainingSummary {
  l2: number;
  fitRowCount: number;
}

/** One trained model with everything needed to score and explain it again. */
export interface CandidateModel<Model, Training> {
  model: Model;
  /** Fitted on the fit and validation rows (never the holdout); compile it to transform records for this model. */
  featureSpec: FittedFeatureSpec;
  /** Fitted on the model's raw scores of the validation rows; applied to raw scores. */
  calibrator: Calibrator;
  calibration: CalibrationReport;
  /** Of the calibrated probabilities on the holdout rows. */
  evaluation: EvaluationReport;
  training: Training;
}

export interface CandidateChoice {
  rule: string;
  gbdtLogLoss: number;
  logisticLogLoss: number;
}

/** JSON-serializable except `onnx`. */
export interface TrainedCandidate {
  chosen: ModelKind;
  choice: CandidateChoice;
  target: FeatureTarget;
  models: {
    gbdt: CandidateModel<TreeModel, GbdtTrainingSummary>;
    logistic: CandidateModel<LogisticRegressionModel, LogisticTrainingSummary>;
  };
  split: SplitSummary;
  /** GBDT feature importance, highest gain first. */
  importance: FeatureImportance[];
  /** Every tuning trial, when tuning was asked for. */
  tuningTrials: TuningTrial[] | null;
  /** Columns the trees spec leaves out, with why (target, identifiers, given, all-missing, constant). */
  excluded: FeatureExclusion[];
  /** Things the analyst should know that did not stop training: columns without values, unreadable fields. */
  warnings: string[];
  /** The chosen model with its calibrator; input "features" is the chosen spec's feature matrix, float32 [N, F]. */
  onnx: Uint8Array;
  /** Wall time per stage, milliseconds. */
  durationsMs: StageDurations;
}
