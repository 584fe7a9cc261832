import type { DesignMatrix } from './design-matrix.ts';
import { sigmoid, softplus } from './logistic-functions.ts';
import { weightedGram } from './weighted-gram.ts';

/**
 * The penalized objective the solvers minimise:
 *
 *   f(b, w) = sum_i s_i [softplus(z_i) - y_i z_i] / sum_i s_i  +  (l2 / 2) sum_j w_j^2,   z_i = b + x_i . w
 *
 * the sample-weighted mean log loss plus a ridge penalty on the coefficients but not on the
 * intercept b (penalizing it would pull every prediction towards 50%). Mean rather than summed
 * loss, as glmnet does, so that one l2 means the same on 2,000 rows and on 2,000,000.
 *
 * Rows with weight 0 (unlabeled, held out) take part in no sum; their labels are never read.
 */
export class LogisticObjective {
  readonly dimension: number;
  readonly #design: DesignMatrix;
  readonly #labels: Float64Array;
  /** Sample weights divided by their sum. */
  readonly #weights: Float64Array;
  readonly #l2: number;
  readonly #linear: Float64Array;
  readonly #residuals: Float64Array;
  readonly #curvatures: Float64Array;

  constructor(design: DesignMatrix, labels: Float64Array, normalizedWeights: Float64Array, l2: number) {
    this.dimension = design.columnCount + 1;
    this.#design = design;
    this.#labels = labels;
    this.#weights = normalizedWeights;
    this.#l2 = l2;
    this.#linear = new Float64Array(design.rowCount);
    this.#residuals = new Float64Array(design.rowCount);
    this.#curvatures = new Float64Array(design.rowCount);
  }

  /** Returns f at `parameters` and writes its gradient into `gradient`; remembers what `hessian` needs. */
  evaluate(parameters: Float64Array, gradient: Float64Array): number {
    const linear = this.#linear;
    this.#design.linearPredictor(parameters, linear);
    let loss = 0;
    for (let row = 0; row < linear.length; row += 1) {
      const weight = this.#weights[row]!;
      if (weight === 0) {
        this.#residuals[row] = 0;
        this.#curvatures[row] = 0;
        continue;
      }
      const z = linear[row]!;
      const label = this.#labels[row]!;
      const probability = sigmoid(z);
      loss += weight * (label === 1 ? softplus(-z) : softplus(z));
      this.#residuals[row] = weight * (probability - label);
      this.#curvatures[row] = weight * probability * (1 - probability);
    }
    this.#design.transposeTimes(this.#residuals, gradient);
    let penalty = 0;
    for (let j = 1; j < this.dimension; j += 1) {
      const coefficient = parameters[j]!;
      penalty += coefficient * coefficient;
      gradient[j] = gradient[j]! + this.#l2 * coefficient;
    }
    return loss + (this.#l2 / 2) * penalty;
  }

  /** The Hessian at the parameters of the last `evaluate`, row-major, dimension^2 values. */
  hessian(out: Float64Array): void {
    weightedGram(this.#design, this.#curvatures, out);
    for (let j = 1; j < this.dimension; j += 1) out[j * this.dimension + j] = out[j * this.dimension + j]! + this.#l2;
  }
}
