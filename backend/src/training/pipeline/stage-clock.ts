/** The pipeline's stages, in order, as progress and durations name them. */
export const TRAINING_STAGES = Object.freeze({
  split: 'split',
  features: 'features',
  tuning: 'tuning',
  gbdt: 'gbdt',
  logistic: 'logistic',
  calibration: 'calibration',
  evaluation: 'evaluation',
  export: 'export',
} as const);
export type TrainingStage = (typeof TRAINING_STAGES)[keyof typeof TRAINING_STAGES];

export interface TrainingProgress {
  stage: TrainingStage;
  /** 0 when the stage starts, 1 when it ends; in between where the stage can tell. */
  fraction: number;
}

export type StageDurations = Record<TrainingStage, number>;

/**
 * Times the stages and reports progress: a job turns the reports into its progress bar, and the
 * durations say where a slow training spent its time.
 */
export class StageClock {
  readonly durations: StageDurations = { split: 0, features: 0, tuning: 0, gbdt: 0, logistic: 0, calibration: 0, evaluation: 0, export: 0 };
  private readonly onProgress: ((progress: TrainingProgress) => void) | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(onProgress?: (progress: TrainingProgress) => void, signal?: AbortSignal) {
    this.onProgress = onProgress;
    this.signal = signal;
  }

  /** Runs a stage; `report(fraction)` lets it tell how far it is. Checks cancellation before starting. */
  async run<T>(stage: TrainingStage, work: (report: (fraction: number) => void) => Promise<T> | T): Promise<T> {
    this.signal?.throwIfAborted();
    const started = performance.now();
    const report = (fraction: number): void => this.onProgress?.({ stage, fraction: Math.min(1, Math.max(0, fraction)) });
    report(0);
    const result = await work(report);
    this.durations[stage] += Math.round(performance.now() - started);
    report(1);
    return result;
  }
}
