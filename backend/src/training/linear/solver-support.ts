import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { LogisticStopReason } from './logistic-regression-model.ts';

/** What both solvers minimise: returns f(x) and writes its gradient. */
export interface SmoothObjective {
  readonly dimension: number;
  evaluate(parameters: Float64Array, gradient: Float64Array): number;
}

/** Reported after each iteration, for progress bars and logs. */
export interface SolverProgress {
  iteration: number;
  maxIterations: number;
  objective: number;
  gradientMaxAbs: number;
}

export interface SolverOptions {
  maxIterations: number;
  /** Converged when no component of the gradient exceeds this in absolute value. */
  tolerance: number;
  signal?: AbortSignal;
  onIteration?: (progress: SolverProgress) => void;
}

export interface SolverResult {
  parameters: Float64Array;
  objective: number;
  gradientMaxAbs: number;
  iterations: number;
  stopReason: LogisticStopReason;
}

export function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  return largest;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += a[index]! * b[index]!;
  return sum;
}

const YIELD_EVERY_MS = 25;

/**
 * The solvers are synchronous arithmetic; a training job must still see its AbortSignal fire and
 * keep its heartbeat. Between iterations, once some time has passed, the loop hands control back to
 * the event loop for one turn and then checks the signal. Results do not depend on when it yields.
 */
export class EventLoopYielder {
  readonly #signal: AbortSignal | undefined;
  #last = performance.now();

  constructor(signal: AbortSignal | undefined) {
    this.#signal = signal;
    signal?.throwIfAborted();
  }

  async maybeYield(): Promise<void> {
    if (performance.now() - this.#last >= YIELD_EVERY_MS) {
      await nextMacrotask();
      this.#last = performance.now();
    }
    this.#signal?.throwIfAborted();
  }
}

export interface LineSearchResult {
  accepted: boolean;
  step: number;
  objective: number;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 60;

/**
 * Backtracking from a full step until the objective falls enough (Armijo's condition). Writes the
 * accepted point into `trial` and its gradient into `trialGradient`; the last evaluation made is
 * always the accepted point, which the Newton solver relies on for its next Hessian.
 *
 * Near the optimum the fall in f is below what doubles can show, so a step that keeps f equal to
 * rounding error and shrinks the gradient is accepted too; otherwise the last digits of the
 * gradient tolerance could never be reached.
 */
export function backtrackingLineSearch(
  objective: SmoothObjective,
  point: Float64Array,
  value: number,
  gradient: Float64Array,
  direction: Float64Array,
  initialStep: number,
  trial: Float64Array,
  trialGradient: Float64Array,
): LineSearchResult {
  const slope = dot(gradient, direction);
  const gradientSize = maxAbs(gradient);
  let step = initialStep;
  for (let halving = 0; halving <= MAX_HALVINGS; halving += 1) {
    for (let index = 0; index < point.length; index += 1) trial[index] = point[index]! + step * direction[index]!;
    const trialValue = objective.evaluate(trial, trialGradient);
    if (trialValue <= value + ARMIJO * step * slope) return { accepted: true, step, objective: trialValue };
    if (trialValue <= value + 8 * Number.EPSILON * Math.abs(value) && maxAbs(trialGradient) < gradientSize) return { accepted: true, step, objective: trialValue };
    step /= 2;
  }
  return { accepted: false, step: 0, objective: value };
}
