import { SeededRandom } from '../../../synthetic/index.ts';

/**
 * Validation rows whose outcomes follow `trueProbability(score)` while the model would report
 * sigmoid(score): a model that is miscalibrated in a known way. Scores are standard normal.
 */
export function miscalibratedScores(rowCount: number, seed: number, trueProbability: (score: number) => number): { scores: Float64Array; labels: Float64Array } {
  const random = new SeededRandom(seed);
  const scores = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    scores[row] = random.normal(0, 1.5);
    labels[row] = random.chance(trueProbability(scores[row]!)) ? 1 : 0;
  }
  return { scores, labels };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
