import type { DatasetProfile, FeatureTarget, TargetSpec } from '@scorebridge/shared';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { resolveTargetLabels, type TargetLabels } from '../../datasets/profile/target-labels.ts';

export interface TrainingTarget {
  /** The profile's reading of the target: inferred positive value, one-outcome checks, a label per cell. */
  labels: TargetLabels;
  /** The same target as the feature spec writes its labels. */
  featureTarget: FeatureTarget;
}

/**
 * Resolves the target against the profile, so that a missing column, a one-outcome column or an
 * unclear positive value fails before any pass over the data, with the profile's wording. The
 * feature spec labels rows with a single positive value, so several are refused here.
 */
export function resolveTrainingTarget(profile: DatasetProfile, spec: TargetSpec): TrainingTarget {
  const labels = resolveTargetLabels(profile, spec);
  if (labels.positive.length !== 1) {
    throw new InvalidDataError(
      `The target column "${labels.column}" has ${labels.positive.length} positive values (${labels.positive.join(', ')}); training takes exactly one. Pass the one value that means success, or merge the values into one column first`,
      { column: labels.column },
    );
  }
  const featureTarget: FeatureTarget = { column: labels.column, positiveLabel: labels.positive[0]! };
  if (labels.negative !== null) featureTarget.negativeLabels = [...labels.negative];
  return { labels, featureTarget };
}
