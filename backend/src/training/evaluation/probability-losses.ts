import { checkPredictions } from './validate-predictions.ts';

/**
 * Probabilities are clipped to [1e-15, 1 - 1e-15] before the logarithm, as scikit-learn long did,
 * so that one confident mistake costs about 34.5 instead of making the mean infinite.
 */
export const LOG_LOSS_CLIP = 1e-15;

/** Mean negative log-likelihood of the labels under the probabilities (natural log). */
export function logLoss(probabilities: Float64Array, labels: Float64Array): number {
  checkPredictions(probabilities, labels);
  return logLossOfChecked(probabilities, labels);
}

/** Mean squared difference between probability and outcome: 0 is perfect, 0.25 is a coin flip. */
export function brierScore(probabilities: Float64Array, labels: Float64Array): number {
  checkPredictions(probabilities, labels);
  return brierScoreOfChecked(probabilities, labels);
}

export function logLossOfChecked(probabilities: Float64Array, labels: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < probabilities.length; index += 1) {
    const probability = Math.min(Math.max(probabilities[index]!, LOG_LOSS_CLIP), 1 - LOG_LOSS_CLIP);
    sum -= labels[index] === 1 ? Math.log(probability) : Math.log1p(-probability);
  }
  return sum / probabilities.length;
}

export function brierScoreOfChecked(probabilities: Float64Array, labels: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < probabilities.length; index += 1) {
    const difference = probabilities[index]! - labels[index]!;
    sum += difference * difference;
  }
  return sum / probabilities.length;
}
