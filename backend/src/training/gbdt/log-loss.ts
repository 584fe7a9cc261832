/**
 * Binary log loss on raw scores (log-odds), its gradient and hessian. Written on scores rather
 * than probabilities so that large scores neither overflow nor lose the loss to rounding.
 */

export function logistic(score: number): number {
  return 1 / (1 + Math.exp(-score));
}

/** The log-odds of a positive rate: the best constant score, where boosting starts. */
export function logOdds(positives: number, total: number): number {
  return Math.log(positives / (total - positives));
}

/**
 * Hessians are kept above a tiny floor: a row scored with near certainty has p(1 - p) that
 * underflows to 0, and a leaf of only such rows would otherwise divide by zero.
 */
const MIN_HESSIAN = 1e-16;

/**
 * Rows whose 1 + e^(−|s|), each in (1, 2], are multiplied together before one logarithm is taken:
 * the product stays below 2^32, and a logarithm per row was the costliest step of the loop.
 */
const LOSS_PRODUCT_ROWS = 32;

/**
 * Gradients and hessians of every row for the next tree, side by side ([g0, h0, g1, h1, ...]) as
 * the histogram builder reads them, and the mean loss of the current scores, in one pass: both
 * need the same exponential, which is most of the cost. The loss is only reported, so its
 * logarithms are taken of products of rows (see LOSS_PRODUCT_ROWS): the sum moves in the last
 * bits, and neither gradients nor hessians change.
 */
export function computeGradients(scores: Float64Array, labels: Float64Array, gradients: Float64Array): number {
  let linear = 0;
  let logarithms = 0;
  let product = 1;
  let inProduct = 0;
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row]!;
    const label = labels[row]!;
    const small = Math.exp(-Math.abs(score));
    const probability = score >= 0 ? 1 / (1 + small) : small / (1 + small);
    gradients[2 * row] = probability - label;
    gradients[2 * row + 1] = Math.max(probability * (1 - probability), MIN_HESSIAN);
    linear += Math.max(score, 0) - label * score;
    product *= 1 + small;
    if (++inProduct === LOSS_PRODUCT_ROWS) {
      logarithms += Math.log(product);
      product = 1;
      inProduct = 0;
    }
  }
  logarithms += Math.log(product);
  return (linear + logarithms) / scores.length;
}

/** Mean of log(1 + e^s) − y·s, the negative log-likelihood per row. */
export function meanLogLoss(scores: Float64Array, labels: Float64Array): number {
  let total = 0;
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row]!;
    const softplus = Math.max(score, 0) + Math.log1p(Math.exp(-Math.abs(score)));
    total += softplus - labels[row]! * score;
  }
  return total / scores.length;
}
