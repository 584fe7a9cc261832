/**
 * Hyperparameter tuning of the gradient-boosted trees: successive halving over the main
 * parameters on a validation slice, within a trial or time budget, every trial returned (and
 * reported through `onTrial`) for the training run to record.
 */
export { SEARCH_SPACE, sampleCandidate } from './search-space.ts';
export type { TunedParams } from './search-space.ts';
export { bracketSize, bracketTrials, keptCount, RUNG_ROUNDS } from './successive-halving.ts';
export { MAX_BRACKET_CANDIDATES, tuneGbdt } from './tune-gbdt.ts';
export type { TuneGbdtOptions, TuningResult, TuningTrial } from './tune-gbdt.ts';
export { checkTuningBudget } from './tuning-budget.ts';
export type { TuningBudget } from './tuning-budget.ts';
