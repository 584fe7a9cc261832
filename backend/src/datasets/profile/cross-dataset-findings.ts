import { FINDING_CODES, type DatasetProfile, type QualityFinding } from '@scorebridge/shared';
import { describeCount, listWords, quote } from './wording.ts';

export interface OtherDataset {
  name: string;
  profile: DatasetProfile;
}

/** Case, spaces and punctuation ignored: "GTX Pro" and "GTXPro" meet here. */
function joinKey(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Columns that other datasets of the workspace also have (same name) are likely join keys: a
 * product, a sales agent, an account. A value spelled one way here and another way there makes
 * those rows fall out of a join without any error, so each such pair is named.
 */
export function crossDatasetFindings(profile: DatasetProfile, others: readonly OtherDataset[]): QualityFinding[] {
  const findings: QualityFinding[] = [];
  for (const column of profile.columns) {
    if (column.type !== 'categorical' && column.type !== 'identifier') continue;
    const mine = column.topValues.values;
    const mismatches: string[] = [];
    let rows = 0;
    for (const other of others) {
      const theirs = other.profile.columns.find((candidate) => candidate.name.toLowerCase() === column.name.toLowerCase());
      if (!theirs) continue;
      const theirSpelling = new Map(theirs.topValues.values.map((entry) => [joinKey(entry.value), entry.value]));
      const theirValues = new Set(theirs.topValues.values.map((entry) => entry.value));
      for (const entry of mine) {
        const spelled = theirSpelling.get(joinKey(entry.value));
        if (spelled !== undefined && spelled !== entry.value && !theirValues.has(entry.value)) {
          mismatches.push(`${quote(entry.value)} (${describeCount(entry.count)} rows) is ${quote(spelled)} in ${other.name}`);
          rows += entry.count;
        }
      }
    }
    if (mismatches.length > 0) {
      findings.push({
        code: FINDING_CODES.joinMismatch,
        severity: 'warning',
        columns: [column.name],
        message: `Column ${column.name} spells values differently from other datasets with that column: ${listWords(mismatches)}. Rows joined on ${column.name} will not match; use one spelling.`,
        measures: { values: mismatches.length, rows },
      });
    }
  }
  return findings;
}
