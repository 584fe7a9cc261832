import type { DatasetProfile, FeatureExclusion, FeatureModelKind, FeatureTarget, FittedFeatureSpec } from '@scorebridge/shared';
import type { TableStream } from '../../datasets/table.ts';
import { compileFeatureSpec, fitFeatureSpec, profiledColumns, suggestFeatureSpec, type FeatureMatrix } from '../../features/index.ts';
import { rowFilteredTable } from './row-filtered-table.ts';

export interface PreparedFeatures {
  fitted: FittedFeatureSpec;
  /** Every row of the table, in order; row i is row i of the split. */
  matrix: FeatureMatrix;
  excluded: FeatureExclusion[];
}

export interface PrepareFeaturesInput {
  read: () => TableStream;
  profile: DatasetProfile;
  target: FeatureTarget;
  modelKind: FeatureModelKind;
  exclude: readonly FeatureExclusion[];
  /** Marks the training rows (fit and validation): the only rows the spec is fitted on. */
  trainingMask: Uint8Array;
  referenceDate: string | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Suggests a spec from the profile, fits it on the training rows alone (categories, medians and
 * scales must not come from the holdout that judges the model), and transforms every row.
 */
export async function prepareFeatures(input: PrepareFeaturesInput): Promise<PreparedFeatures> {
  const spec = suggestFeatureSpec({
    columns: profiledColumns(input.profile),
    target: input.target,
    modelKind: input.modelKind,
    exclude: input.exclude,
    missingPlaceholders: input.profile.placeholders,
  });
  const fitted = await fitFeatureSpec(spec, rowFilteredTable(input.read(), input.trainingMask), {
    ...(input.referenceDate === undefined ? {} : { referenceDate: input.referenceDate }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  const transformer = compileFeatureSpec(fitted);
  const matrix = await transformer.transformTable(input.read(), { expectedRows: input.profile.rowCount, ...(input.signal === undefined ? {} : { signal: input.signal }) });
  return { fitted, matrix, excluded: spec.excluded ?? [] };
}
