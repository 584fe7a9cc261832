/** A calibrated probability on the 1-99 scale reps see: 100 × p rounded, never 0 or 100. */
export function toScore(probability: number): number {
  return Math.min(99, Math.max(1, Math.round(100 * probability)));
}

/** Probabilities outside [0, 1] by float error (an uploaded model's softmax in float32) are clamped. */
export function clampProbability(probability: number): number {
  return Math.min(1, Math.max(0, probability));
}
