import type { FeatureMatrix } from '../../features/index.ts';
import { logLoss, rocAuc } from '../evaluation/index.ts';
import { predictProbability, trainGbdt, type GbdtParams, type GbdtParamsInput } from '../gbdt/index.ts';

export interface TrialScore {
  /** The parameters as trained, defaults filled in; retraining with them on the same rows gives the same model. */
  params: GbdtParams;
  /** Trees kept: the round of the lowest validation loss. */
  bestRound: number;
  validationLogLoss: number;
  validationAuc: number;
}

/**
 * Trains one candidate for up to `rounds` rounds with early stopping on the validation rows and
 * scores the kept trees there. Log loss and AUC come from evaluation/, as the holdout's do, so a
 * run's numbers compare with the report's.
 */
export async function runTrial(
  matrix: FeatureMatrix,
  trainRows: Int32Array,
  validation: FeatureMatrix,
  validationRows: Int32Array,
  params: GbdtParamsInput,
  signal: AbortSignal | undefined,
): Promise<TrialScore> {
  const result = await trainGbdt(matrix, { params, rows: trainRows, validationRows, ...(signal === undefined ? {} : { signal }) });
  const probabilities = predictProbability(result.model, validation);
  return {
    params: result.params,
    bestRound: result.bestRound,
    validationLogLoss: logLoss(probabilities, validation.labels!),
    validationAuc: rocAuc(probabilities, validation.labels!),
  };
}
