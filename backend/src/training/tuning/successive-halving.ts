/**
 * Successive halving with a reduction factor of 3 (Jamieson and Talwalkar; Hyperband's inner
 * loop): every candidate trains for the first rung's rounds, the best third by validation log loss
 * trains again for three times as many, and so on. Most candidates are bad, and a bad one shows it
 * after a few rounds, so most of the budget goes to the few that look good.
 */
export const RUNG_ROUNDS = Object.freeze([25, 75, 225] as const);
export const KEEP_SHARE_DIVISOR = 3;

/** Candidates that continue from a rung of `count`: a third, at least one. */
export function keptCount(count: number): number {
  return Math.max(1, Math.floor(count / KEEP_SHARE_DIVISOR));
}

/** Trials a bracket of `candidates` first-rung candidates runs through every rung. */
export function bracketTrials(candidates: number): number {
  let total = 0;
  let count = candidates;
  for (let rung = 0; rung < RUNG_ROUNDS.length; rung++) {
    total += count;
    count = keptCount(count);
  }
  return total;
}

/**
 * First-rung candidates of the next bracket: the most whose whole bracket fits in the trials left
 * (so that a trial budget is spent on finished brackets rather than on first rungs alone), capped
 * at `maxCandidates`; with time only, `maxCandidates`.
 */
export function bracketSize(trialsLeft: number | null, maxCandidates: number): number {
  if (trialsLeft === null) return maxCandidates;
  let candidates = 1;
  while (candidates < maxCandidates && bracketTrials(candidates + 1) <= trialsLeft) candidates += 1;
  return candidates;
}
