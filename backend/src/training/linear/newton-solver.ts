import { choleskyFactor, choleskySolve } from './cholesky.ts';
import type { LogisticObjective } from './logistic-objective.ts';
import { LOGISTIC_STOP_REASONS } from './logistic-regression-model.ts';
import { backtrackingLineSearch, dot, EventLoopYielder, maxAbs, type SolverOptions, type SolverResult } from './solver-support.ts';

const MAX_DAMPING_TRIES = 30;

/**
 * Newton's method (for logistic regression also called IRLS) with a Cholesky solve and a
 * backtracking line search. Each step solves H d = -g exactly, so the optimum is reached in a
 * handful of iterations with quadratic convergence at the end, to a gradient of 1e-10 and below.
 *
 * The line search keeps it safe far from the optimum (and on separable data, where a full Newton
 * step overshoots). When rounding makes the Hessian fail to factor, which happens when nearly every
 * row is predicted with certainty, a small multiple of the identity is added until it does
 * (Levenberg's damping); the step is then slightly shorter but still downhill.
 */
export async function newtonSolve(objective: LogisticObjective, start: Float64Array, options: SolverOptions): Promise<SolverResult> {
  const size = objective.dimension;
  const yielder = new EventLoopYielder(options.signal);
  let point = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let trial = new Float64Array(size);
  let trialGradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const factor = new Float64Array(size * size);
  const direction = new Float64Array(size);

  let value = objective.evaluate(point, gradient);
  let iterations = 0;
  let stopReason: SolverResult['stopReason'] = LOGISTIC_STOP_REASONS.maxIterations;
  while (true) {
    if (maxAbs(gradient) <= options.tolerance) {
      stopReason = LOGISTIC_STOP_REASONS.gradientTolerance;
      break;
    }
    if (iterations >= options.maxIterations) break;
    iterations += 1;

    objective.hessian(hessian);
    dampedSolve(hessian, factor, size, gradient, direction);
    if (!(dot(direction, gradient) < 0)) for (let index = 0; index < size; index += 1) direction[index] = -gradient[index]!;

    const search = backtrackingLineSearch(objective, point, value, gradient, direction, 1, trial, trialGradient);
    if (!search.accepted) {
      // The failed search evaluated other points last; evaluate the current one again so the
      // returned gradient (and any later Hessian) belongs to it.
      objective.evaluate(point, gradient);
      stopReason = LOGISTIC_STOP_REASONS.noProgress;
      break;
    }
    [point, trial] = [trial, point];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = search.objective;
    options.onIteration?.({ iteration: iterations, maxIterations: options.maxIterations, objective: value, gradientMaxAbs: maxAbs(gradient) });
    await yielder.maybeYield();
  }
  return { parameters: point, objective: value, gradientMaxAbs: maxAbs(gradient), iterations, stopReason };
}

/** Writes the solution d of (H + mu I) d = -g into `direction`, with the smallest mu (from 0) that factors. */
function dampedSolve(hessian: Float64Array, factor: Float64Array, size: number, gradient: Float64Array, direction: Float64Array): void {
  let largestDiagonal = 0;
  for (let j = 0; j < size; j += 1) largestDiagonal = Math.max(largestDiagonal, hessian[j * size + j]!);
  let damping = 0;
  for (let attempt = 0; attempt < MAX_DAMPING_TRIES; attempt += 1) {
    factor.set(hessian);
    for (let j = 0; j < size; j += 1) factor[j * size + j] = factor[j * size + j]! + damping;
    if (choleskyFactor(factor, size)) {
      for (let j = 0; j < size; j += 1) direction[j] = -gradient[j]!;
      choleskySolve(factor, size, direction);
      return;
    }
    damping = damping === 0 ? 1e-12 * (1 + largestDiagonal) : damping * 10;
  }
  // Not even a strongly damped Hessian factors (it holds non-finite values): fall back to steepest descent.
  for (let j = 0; j < size; j += 1) direction[j] = -gradient[j]!;
}
