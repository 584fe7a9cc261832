import assert from 'node:assert/strict';
import { SeededRandom } from '../../../synthetic/index.ts';

/**
 * Predictions drawn so that positives tend to score higher. `distinctScores` rounds scores to that
 * many levels, which makes ties common (as tree models produce); omit it for continuous scores.
 */
export function randomPredictions(rowCount: number, seed: number, distinctScores?: number): { probabilities: Float64Array; labels: Float64Array } {
  const random = new SeededRandom(seed);
  const probabilities = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    const label = random.chance(0.3) ? 1 : 0;
    const logit = random.normal(label === 1 ? 0.8 : -0.8, 1.2);
    let probability = 1 / (1 + Math.exp(-logit));
    if (distinctScores !== undefined) probability = Math.round(probability * (distinctScores - 1)) / (distinctScores - 1);
    probabilities[row] = probability;
    labels[row] = label;
  }
  return { probabilities, labels };
}

/** Asserts two numbers agree within an absolute tolerance, naming them when they do not. */
export function assertClose(actual: number, expected: number, tolerance: number, what = 'value'): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}
