import { ValidationError } from '../../errors.ts';

export interface TuningBudget {
  /** Trainings to run in all, counting each rung of each candidate. */
  trials?: number;
  /** Wall-clock seconds; checked before each trial, so the last one may run over by its own length. */
  seconds?: number;
}

/** Names every bad field (`budget.trials`) so that an API caller knows what to change. */
export function checkTuningBudget(budget: TuningBudget | undefined): void {
  const details: { field: string; message: string }[] = [];
  const trials = budget?.trials;
  const seconds = budget?.seconds;
  if (trials === undefined && seconds === undefined) details.push({ field: 'budget', message: 'Give a number of trials, a number of seconds or both' });
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1)) details.push({ field: 'budget.trials', message: `Must be a whole number of at least 1, not ${String(trials)}` });
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) details.push({ field: 'budget.seconds', message: `Must be a finite number of seconds above 0, not ${String(seconds)}` });
  if (details.length > 0) throw new ValidationError(`Invalid tuning budget: ${details[0]!.field}: ${details[0]!.message}`, details);
}
