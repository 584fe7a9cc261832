import { FINDING_CODES, type ColumnProfile, type DatasetProfile, type QualityFinding } from '@scorebridge/shared';
import { findCategoryVariants, findMisspelledStandardValues } from './category-variants.ts';
import type { ReportSettings } from './report-settings.ts';
import { describeCount, describeNumber, describeShare, listWords, quote } from './wording.ts';

/**
 * Findings that need only the profile: how each column is filled and what its values look like,
 * and duplicate rows and ids. Each message names the column, gives the numbers and says what to do.
 */

function columnFindings(column: ColumnProfile, rowCount: number, settings: ReportSettings): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const name = column.name;
  const filled = rowCount - column.missing.count;
  if (rowCount > 0 && filled === 0 && column.missing.placeholders.length === 0) {
    return [
      {
        code: FINDING_CODES.emptyColumn,
        severity: 'warning',
        columns: [name],
        message: `Column ${name} is empty in every row: it cannot help predict anything. Exclude it.`,
        measures: { rows: rowCount },
      },
    ];
  }

  const blank = column.missing.nulls + column.missing.empty;
  if (blank > 0) {
    const share = blank / rowCount;
    const mostlyEmpty = share >= settings.missingWarningShare;
    findings.push({
      code: FINDING_CODES.missingValues,
      severity: mostlyEmpty ? 'warning' : 'info',
      columns: [name],
      message: mostlyEmpty
        ? `Column ${name} is empty in ${describeCount(blank)} of ${describeCount(rowCount)} rows (${describeShare(share)}): it can help only where it is filled. Fill it at the source if it should always be set, or exclude it.`
        : `Column ${name} is empty in ${describeCount(blank)} of ${describeCount(rowCount)} rows (${describeShare(share)}). Models can still learn from the rows where it is filled; if the field should always be set, fill it at the source.`,
      measures: { count: blank, share, nulls: column.missing.nulls, emptyTexts: column.missing.empty },
    });
  }

  if (column.missing.placeholders.length > 0) {
    const count = column.missing.placeholders.reduce((sum, { count: each }) => sum + each, 0);
    const texts = column.missing.placeholders.map(({ value, count: each }) => `${quote(value)} (${describeCount(each)} rows)`);
    const measures: QualityFinding['measures'] = { count, share: count / rowCount };
    for (const { value, count: each } of column.missing.placeholders) measures[`rows:${value}`] = each;
    findings.push({
      code: FINDING_CODES.placeholderValues,
      severity: 'warning',
      columns: [name],
      message: `Column ${name} uses ${listWords(texts)} to mean "no value", in ${describeShare(count / rowCount)} of the rows. These are counted as missing; if such a text is a real answer in your CRM, remove it from the placeholder list.`,
      measures,
    });
  }

  if (column.unparsable !== null && column.unparsable.count > 0) {
    const kind = column.type === 'numeric' ? 'numbers' : 'dates';
    const examples = column.unparsable.examples.map(quote);
    findings.push({
      code: FINDING_CODES.unparsableValues,
      severity: 'warning',
      columns: [name],
      message: `Column ${name} holds ${kind}, but ${describeCount(column.unparsable.count)} of its values are not (for example ${listWords(examples)}); they are treated as missing. Correct them at the source.`,
      measures: { count: column.unparsable.count, share: column.unparsable.count / rowCount },
    });
  }

  if (filled === 0) return findings;
  if (column.distinct.count === 1 && column.type !== 'identifier') {
    const value = column.topValues.values[0]?.value ?? '';
    findings.push({
      code: FINDING_CODES.constantColumn,
      severity: 'warning',
      columns: [name],
      message: `Column ${name} has the same value (${quote(value)}) in every filled row: it cannot help predict anything. Exclude it.`,
      measures: { value, filledRows: filled },
    });
    return findings;
  }

  const sentinel = column.numeric?.sentinel ?? null;
  if (sentinel !== null) {
    findings.push({
      code: FINDING_CODES.sentinelValue,
      severity: 'warning',
      columns: [name],
      message:
        `Column ${name} is ${describeNumber(sentinel.value)} in ${describeShare(sentinel.share)} of its rows, far from all its other values (${describeNumber(sentinel.othersMin)} to ${describeNumber(sentinel.othersMax)}): ` +
        `${describeNumber(sentinel.value)} is probably a code (such as "never" or "not applicable"), not a quantity. Treat it as missing, or as a yes/no column of its own.`,
      measures: { value: sentinel.value, share: sentinel.share, othersMin: sentinel.othersMin, othersMax: sentinel.othersMax },
    });
  }

  const top = column.topValues.values[0];
  if (top !== undefined && sentinel === null && column.type !== 'identifier' && column.type !== 'text') {
    const share = top.count / filled;
    if (share >= settings.nearConstantShare) {
      findings.push({
        code: FINDING_CODES.nearConstantColumn,
        severity: 'info',
        columns: [name],
        message: `Column ${name} is ${quote(top.value)} in ${describeShare(share)} of its filled rows (${describeCount(top.count)} of ${describeCount(filled)}): it can tell only a few records apart. Keep it only if those few matter.`,
        measures: { value: top.value, count: top.count, share },
      });
    }
  }

  const variants = findCategoryVariants(column);
  if (variants.length > 0) {
    const described = variants.map((group) => listWords(group.values.map((entry) => `${quote(entry.value)} (${describeCount(entry.count)})`))).join('; ');
    findings.push({
      code: FINDING_CODES.categoryVariants,
      severity: 'warning',
      columns: [name],
      message: `Column ${name} has values that look like one category spelled differently: ${described}. A model treats them as different categories; merge them in the CRM or map them before training.`,
      measures: { groups: variants.length, variantValues: variants.reduce((total, group) => total + group.values.length, 0) },
    });
  }

  const misspelled = findMisspelledStandardValues(column);
  if (misspelled.length > 0) {
    findings.push({
      code: FINDING_CODES.misspelledValues,
      severity: 'warning',
      columns: [name],
      message: `Column ${name} has values that look like misspellings of standard CRM values: ${listWords(misspelled.map((entry) => `${quote(entry.value)} (${describeCount(entry.count)} rows) for ${quote(entry.standard)}`))}. Correct them in the CRM, or they will not match data spelled correctly.`,
      measures: { values: misspelled.length, rows: misspelled.reduce((total, entry) => total + entry.count, 0) },
    });
  }

  if (column.type === 'identifier') {
    findings.push({
      code: FINDING_CODES.identifierColumn,
      severity: 'info',
      columns: [name],
      message: `Column ${name} identifies records (${describeShare(column.distinct.count / filled)} of its values are different): it says nothing about the outcome. Keep it to match scores to records, but not as a model input.`,
      measures: { distinct: column.distinct.count, filledRows: filled },
    });
  } else if (column.type === 'text') {
    findings.push({
      code: FINDING_CODES.highCardinality,
      severity: 'info',
      columns: [name],
      message: `Column ${name} is free text (${describeCount(column.distinct.count)} different values, ${describeNumber(column.lengths?.mean ?? 0)} characters on average): it is not used as a category. Derived features such as its length can still be used.`,
      measures: { distinct: column.distinct.count, meanLength: column.lengths?.mean ?? 0 },
    });
  } else if (column.type === 'categorical' && column.distinct.count > settings.highCardinality) {
    findings.push({
      code: FINDING_CODES.highCardinality,
      severity: 'info',
      columns: [name],
      message: `Column ${name} has ${describeCount(column.distinct.count)} different values: rare ones say little on their own. Group them (by region instead of city, say) or expect only the common ones to matter.`,
      measures: { distinct: column.distinct.count, filledRows: filled },
    });
  }
  return findings;
}

function duplicateFindings(profile: DatasetProfile): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const { duplicateRows, idColumn, rowCount } = profile;
  if (duplicateRows.count > 0) {
    const apart = idColumn === null ? 'in every column' : `in every column except ${idColumn.name}`;
    const examples = duplicateRows.exampleRows.map(describeCount);
    findings.push({
      code: FINDING_CODES.duplicateRows,
      severity: 'warning',
      columns: [],
      message: `${describeCount(duplicateRows.count)} ${duplicateRows.count === 1 ? 'row repeats' : 'rows repeat'} an earlier row ${apart} (for example row${examples.length === 1 ? '' : 's'} ${listWords(examples)}). A record counted twice weighs double in training; remove the duplicates.`,
      measures: { count: duplicateRows.count, share: duplicateRows.count / rowCount },
    });
  }
  if (idColumn !== null && idColumn.duplicateCount > 0) {
    const examples = idColumn.examples.map(quote);
    findings.push({
      code: FINDING_CODES.duplicateIds,
      severity: 'warning',
      columns: [idColumn.name],
      message: `${describeCount(idColumn.duplicateCount)} ${idColumn.duplicateCount === 1 ? 'row repeats' : 'rows repeat'} an ${idColumn.name} that an earlier row already has (for example ${listWords(examples)}), though each record should appear once. Remove the duplicates or check the export.`,
      measures: { count: idColumn.duplicateCount, share: idColumn.duplicateCount / rowCount },
    });
  }
  return findings;
}

export function profileFindings(profile: DatasetProfile, settings: ReportSettings, skippedColumns: ReadonlySet<string>): QualityFinding[] {
  const findings = duplicateFindings(profile);
  for (const column of profile.columns) {
    if (!skippedColumns.has(column.name)) findings.push(...columnFindings(column, profile.rowCount, settings));
  }
  return findings;
}
