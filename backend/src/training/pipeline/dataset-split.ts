import type { DatasetProfile, FeatureTarget, TargetSpec } from '@scorebridge/shared';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import type { TargetLabels } from '../../datasets/profile/target-labels.ts';
import type { TableStream } from '../../datasets/table.ts';
import { readRowOutcomes, type DateColumnReading } from './read-outcomes.ts';
import { splitRows, type RowSplit } from './split-rows.ts';
import { resolveTrainingTarget } from './training-target.ts';

export interface DatasetSplitInput {
  read: () => TableStream;
  profile: DatasetProfile;
  target: TargetSpec;
  dateColumn?: string | null;
}

export interface DatasetSplit {
  split: RowSplit;
  /** Per row of the table: 1, 0, or NaN when unlabeled, as the split read them. */
  labels: Float64Array;
  targetLabels: TargetLabels;
  featureTarget: FeatureTarget;
}

/**
 * Training's first pass: resolves the target against the profile, reads every row's outcome (and
 * date), and splits the rows into fit, validation and holdout. Deterministic for a dataset, a
 * request and a seed, so a promotion's evidence can rebuild the exact holdout a run was judged on.
 */
export async function splitDataset(input: DatasetSplitInput, seed: number, signal?: AbortSignal): Promise<DatasetSplit> {
  const { labels: targetLabels, featureTarget } = resolveTrainingTarget(input.profile, input.target);
  const dateReading = dateColumnReading(input.profile, input.dateColumn ?? null);
  const outcomes = await readRowOutcomes(input.read(), targetLabels, dateReading, signal);
  assertSameRows(outcomes.rowCount, input.profile);
  return { split: splitRows(outcomes.labels, { seed, dates: outcomes.dates, dateColumn: dateReading?.column ?? null }), labels: outcomes.labels, targetLabels, featureTarget };
}

function dateColumnReading(profile: DatasetProfile, column: string | null): DateColumnReading | null {
  if (column === null) return null;
  const profiled = profile.columns.find((candidate) => candidate.name === column);
  if (!profiled) throw new InvalidDataError(`The date column "${column}" is not in the data; name a date column of the data or leave it out for a stratified holdout`, { column });
  if (profiled.type !== 'date') {
    throw new InvalidDataError(`The date column "${column}" holds ${profiled.type} values, not dates; name a date column (such as the record's creation date) or leave it out for a stratified holdout`, { column });
  }
  return { column, dayFirst: profiled.dateOrder === 'day_first' };
}

/** The split's row indices count the rows of the outcome pass; a table that changed between passes would misalign them. */
export function assertSameRows(rowCount: number, profile: DatasetProfile): void {
  if (rowCount !== profile.rowCount) {
    throw new InvalidDataError(`The data has ${rowCount} rows but its profile ${profile.rowCount}; profile the same data you train on, and do not change it while training`);
  }
}
