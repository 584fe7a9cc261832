import type { DatasetProfile } from '@scorebridge/shared';
import type { ProfiledColumn } from './suggest-feature-spec.ts';

/** A dataset profile's columns as `suggestFeatureSpec` reads them. */
export function profiledColumns(profile: DatasetProfile): ProfiledColumn[] {
  return profile.columns.map((column) => ({
    name: column.name,
    type: column.type,
    missingShare: column.missing.share,
    distinctCount: column.distinct.count,
    sampleValues: column.topValues.values.map((entry) => entry.value),
    dateOrder: column.dateOrder,
    trueValue: column.trueValue,
    falseValue: column.falseValue,
  }));
}
