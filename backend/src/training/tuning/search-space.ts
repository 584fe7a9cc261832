import type { GbdtParamsInput } from '../gbdt/index.ts';
import type { SeededRandom } from '../gbdt/seeded-random.ts';

/**
 * The ranges tuning draws from. Scale parameters (learning rate, leaves, rows per leaf, L2) are
 * drawn log-uniformly, because 0.02 → 0.04 matters as much as 0.15 → 0.3; shares of rows and
 * features uniformly. The ranges bracket the defaults and what LightGBM and scikit-learn users
 * commonly search.
 */
export const SEARCH_SPACE = Object.freeze({
  learningRate: { min: 0.02, max: 0.3, scale: 'log' },
  maxLeaves: { min: 4, max: 128, scale: 'log' },
  minSamplesLeaf: { min: 5, max: 200, scale: 'log' },
  lambda: { min: 1e-3, max: 10, scale: 'log' },
  colSubsample: { min: 0.5, max: 1, scale: 'linear' },
  rowSubsample: { min: 0.5, max: 1, scale: 'linear' },
} as const);

/** The parameters a tuning candidate sets; everything else keeps the trainer's defaults. */
export type TunedParams = Required<Pick<GbdtParamsInput, 'learningRate' | 'maxLeaves' | 'minSamplesLeaf' | 'lambda' | 'colSubsample' | 'rowSubsample'>>;

function logUniform(random: SeededRandom, min: number, max: number): number {
  return Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min)));
}

function uniform(random: SeededRandom, min: number, max: number): number {
  return min + random.next() * (max - min);
}

/** Rounded so that recorded runs read as someone would type them, and integers stay integers. */
function round(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

/** One candidate, drawn in a fixed order so that a seed fixes the whole sequence. */
export function sampleCandidate(random: SeededRandom): TunedParams {
  const space = SEARCH_SPACE;
  return {
    learningRate: round(logUniform(random, space.learningRate.min, space.learningRate.max), 3),
    maxLeaves: Math.round(logUniform(random, space.maxLeaves.min, space.maxLeaves.max)),
    minSamplesLeaf: Math.round(logUniform(random, space.minSamplesLeaf.min, space.minSamplesLeaf.max)),
    lambda: round(logUniform(random, space.lambda.min, space.lambda.max), 3),
    colSubsample: round(uniform(random, space.colSubsample.min, space.colSubsample.max), 3),
    rowSubsample: round(uniform(random, space.rowSubsample.min, space.rowSubsample.max), 3),
  };
}
