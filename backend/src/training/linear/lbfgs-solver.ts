import { LOGISTIC_STOP_REASONS } from './logistic-regression-model.ts';
import { backtrackingLineSearch, dot, EventLoopYielder, maxAbs, type SmoothObjective, type SolverOptions, type SolverResult } from './solver-support.ts';

/** Pairs of (step, gradient change) remembered; 10 is the usual choice and rarely worth changing. */
const HISTORY = 10;

/**
 * Limited-memory BFGS (Nocedal's two-loop recursion) with a backtracking line search: each
 * iteration costs one or two gradient evaluations (two passes over the data) and memory for 2 x 10
 * parameter vectors, so it scales to thousands of features where Newton's dense Hessian would not.
 * It needs more iterations than Newton, and more again when the penalty is tiny and one-hot
 * blocks make the problem nearly flat in some direction.
 *
 * A pair whose curvature s'y is not clearly positive is not remembered: the update would not be
 * positive definite. For this strictly convex objective that only happens through rounding.
 */
export async function lbfgsSolve(objective: SmoothObjective, start: Float64Array, options: SolverOptions): Promise<SolverResult> {
  const size = objective.dimension;
  const yielder = new EventLoopYielder(options.signal);
  let point = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let trial = new Float64Array(size);
  let trialGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const inverseCurvatures: number[] = [];
  const alphas = new Float64Array(HISTORY);

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

    // Two-loop recursion: direction = -H g, with H the implicit inverse-Hessian estimate.
    for (let index = 0; index < size; index += 1) direction[index] = -gradient[index]!;
    for (let k = steps.length - 1; k >= 0; k -= 1) {
      const alpha = inverseCurvatures[k]! * dot(steps[k]!, direction);
      alphas[k] = alpha;
      axpy(-alpha, changes[k]!, direction);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const scale = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
      for (let index = 0; index < size; index += 1) direction[index] = direction[index]! * scale;
    }
    for (let k = 0; k < steps.length; k += 1) {
      const beta = inverseCurvatures[k]! * dot(changes[k]!, direction);
      axpy(alphas[k]! - beta, steps[k]!, direction);
    }

    // Without history the direction is the bare gradient, whose length says nothing about a good
    // step; the first step moves no parameter by more than 1.
    const initialStep = steps.length === 0 ? Math.min(1, 1 / maxAbs(gradient)) : 1;
    const search = backtrackingLineSearch(objective, point, value, gradient, direction, initialStep, trial, trialGradient);
    if (!search.accepted) {
      // A stale history can point nowhere useful; forget it and retry from the gradient once
      // before concluding that no step can lower the objective. (`gradient` still belongs to `point`.)
      if (steps.length > 0) {
        steps.length = 0;
        changes.length = 0;
        inverseCurvatures.length = 0;
        continue;
      }
      stopReason = LOGISTIC_STOP_REASONS.noProgress;
      break;
    }

    const step = new Float64Array(size);
    const change = new Float64Array(size);
    for (let index = 0; index < size; index += 1) {
      step[index] = trial[index]! - point[index]!;
      change[index] = trialGradient[index]! - gradient[index]!;
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12 * dot(change, change)) {
      if (steps.length === HISTORY) {
        steps.shift();
        changes.shift();
        inverseCurvatures.shift();
      }
      steps.push(step);
      changes.push(change);
      inverseCurvatures.push(1 / curvature);
    }

    [point, trial] = [trial, point];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = search.objective;
    options.onIteration?.({ iteration: iterations, maxIterations: options.maxIterations, objective: value, gradientMaxAbs: maxAbs(gradient) });
    await yielder.maybeYield();
  }
  return { parameters: point, objective: value, gradientMaxAbs: maxAbs(gradient), iterations, stopReason };
}

/** y += a x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let index = 0; index < y.length; index += 1) y[index] = y[index]! + a * x[index]!;
}
