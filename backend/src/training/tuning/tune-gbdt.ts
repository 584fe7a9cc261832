import type { FeatureMatrix } from '../../features/index.ts';
import type { GbdtParams, GbdtParamsInput } from '../gbdt/index.ts';
import { SeededRandom } from '../gbdt/seeded-random.ts';
import { matrixRows } from '../pipeline/matrix-rows.ts';
import { runTrial } from './run-trial.ts';
import { sampleCandidate } from './search-space.ts';
import { bracketSize, keptCount, RUNG_ROUNDS } from './successive-halving.ts';
import { checkTuningBudget, type TuningBudget } from './tuning-budget.ts';

/** Candidates per bracket when only time limits the search: 27 → 9 → 3, three full rungs. */
export const MAX_BRACKET_CANDIDATES = 27;

export interface TuningTrial {
  /** 0 for the first trial, in the order they ran. */
  index: number;
  /** Index of the candidate (a parameter set) this trial trains; a candidate has one trial per rung it reaches. */
  candidate: number;
  params: GbdtParams;
  /** 0 for the first rung. */
  rung: number;
  /** The rung's round budget; early stopping may keep fewer trees (`bestRound`). */
  rounds: number;
  bestRound: number;
  validationLogLoss: number;
  validationAuc: number;
  seconds: number;
  /** Whether the candidate went on to the next rung; false at the last rung and for trials the budget cut off. */
  kept: boolean;
}

export interface TuneGbdtOptions {
  trainRows: Int32Array;
  validationRows: Int32Array;
  /** Seeds the candidates and every training; trials of one seed differ only in their parameters. */
  seed?: number;
  budget: TuningBudget;
  /** Checked between trials and, through the trainer, between rounds; an aborted search throws the signal's reason. */
  signal?: AbortSignal;
  /** Called after every trial, before the next starts; `kept` is settled only when its rung ends (see README). */
  onTrial?: (trial: TuningTrial) => void;
  /** Parameters every candidate shares (maxBins, catL2...); the tuned ones override them. */
  baseParams?: GbdtParamsInput;
}

export interface TuningResult {
  /** The best trial's parameters: train with them and early stopping on the same rows to get its model. */
  params: GbdtParams;
  validationLogLoss: number;
  validationAuc: number;
  bestTrial: number;
  trials: TuningTrial[];
}

interface Candidate {
  id: number;
  params: GbdtParamsInput;
}

/**
 * Tunes the main GBDT hyperparameters by successive halving on one validation slice (see
 * README.md). The first candidate is the trainer's defaults, so the search can only improve on
 * them as measured on the validation rows.
 */
export async function tuneGbdt(matrix: FeatureMatrix, options: TuneGbdtOptions): Promise<TuningResult> {
  checkTuningBudget(options.budget);
  const { trainRows, validationRows, signal, onTrial } = options;
  const seed = options.seed ?? 0;
  signal?.throwIfAborted();
  const maxTrials = options.budget.trials ?? null;
  const deadline = options.budget.seconds === undefined ? null : performance.now() + options.budget.seconds * 1000;
  // Scoring the validation rows from a compact copy, once, rather than the whole matrix per trial.
  const validation = matrixRows(matrix, validationRows);
  const random = new SeededRandom(seed);
  const trials: TuningTrial[] = [];
  let nextCandidate = 0;
  const budgetLeft = () => (maxTrials === null || trials.length < maxTrials) && (deadline === null || trials.length === 0 || performance.now() < deadline);

  while (budgetLeft()) {
    const size = bracketSize(maxTrials === null ? null : maxTrials - trials.length, MAX_BRACKET_CANDIDATES);
    let rungCandidates: Candidate[] = [];
    for (let index = 0; index < size; index++) {
      const id = nextCandidate++;
      const tuned = id === 0 ? {} : sampleCandidate(random);
      rungCandidates.push({ id, params: { ...options.baseParams, ...tuned, seed } });
    }
    for (let rung = 0; rung < RUNG_ROUNDS.length && rungCandidates.length > 0 && budgetLeft(); rung++) {
      const rounds = RUNG_ROUNDS[rung]!;
      const rungTrials: TuningTrial[] = [];
      for (const candidate of rungCandidates) {
        if (!budgetLeft()) break;
        signal?.throwIfAborted();
        const started = performance.now();
        const score = await runTrial(matrix, trainRows, validation, validationRows, { ...candidate.params, rounds }, signal);
        const trial: TuningTrial = { index: trials.length, candidate: candidate.id, rung, rounds, ...score, seconds: (performance.now() - started) / 1000, kept: false };
        trials.push(trial);
        rungTrials.push(trial);
        onTrial?.(trial);
      }
      // The last rung promotes nobody, and a rung the budget cut short promotes nobody either:
      // the budget is spent, and a partial comparison would record a misleading `kept`.
      if (rung === RUNG_ROUNDS.length - 1 || rungTrials.length < rungCandidates.length) break;
      // Ties go to the earlier trial, so the order of trials, not the sort's stability, decides.
      const ranked = [...rungTrials].sort((a, b) => a.validationLogLoss - b.validationLogLoss || a.index - b.index);
      const keptIds = new Set(ranked.slice(0, keptCount(rungCandidates.length)).map((trial) => trial.candidate));
      for (const trial of rungTrials) trial.kept = keptIds.has(trial.candidate);
      rungCandidates = rungCandidates.filter((candidate) => keptIds.has(candidate.id));
    }
  }

  const best = trials.reduce((chosen, trial) => (trial.validationLogLoss < chosen.validationLogLoss ? trial : chosen));
  return { params: best.params, validationLogLoss: best.validationLogLoss, validationAuc: best.validationAuc, bestTrial: best.index, trials };
}

