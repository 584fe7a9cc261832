import {
  fittedFeatureSpecSchema,
  sourceColumns,
  type FeatureFitWarning,
  type FeatureSpec,
  type FittedCategoricalFeature,
  type FittedFeature,
  type FittedFeatureSpec,
  type FittedNumericFeature,
} from '@scorebridge/shared';
import { ValidationError } from '../errors.ts';
import { InvalidDataError } from '../datasets/invalid-data-error.ts';
import type { TableStream } from '../datasets/table.ts';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import { CategoryCounter, CodeCounter } from './category-counter.ts';
import { expandFeatureSpec, type PlannedCategoricalFeature, type PlannedNumericFeature } from './expand-feature-spec.ts';
import { createCategoryTextSource, createFixedCodeSource, createNumericSource, type SourceContext } from './feature-sources.ts';
import { ProblemTally } from './field-problems.ts';
import { createInputReaders, createInputSlots } from './input-readers.ts';
import { NumericAccumulator } from './numeric-accumulator.ts';
import { parseFeatureSpec } from './parse-feature-spec.ts';
import { referenceDateMs, resolveReferenceDate } from './reference-date.ts';
import { createLabelReader } from './target-labels.ts';

export interface FitFeatureSpecOptions {
  /** The dataset snapshot's time, used for `daysSince` when the spec does not pin a reference date. */
  referenceDate?: string | Date;
  /** Checked between batches, so that a cancelled training job stops reading. */
  signal?: AbortSignal;
}

/**
 * Learns from one pass over a table what the spec's transforms need: vocabularies with counts,
 * means, medians and standard deviations, and the counts of the target's classes. The result is
 * plain JSON that `compileFeatureSpec` turns into the transform used by training and serving.
 *
 * Throws a ValidationError for a spec that is malformed or needs a reference date it was not
 * given, and an InvalidDataError when the table lacks a column the spec reads. Everything the
 * data itself gets wrong (unreadable cells, constant or empty columns, a one-class target) becomes
 * a warning in the fitted spec, for training to judge.
 */
export async function fitFeatureSpec(spec: FeatureSpec, table: TableStream, options: FitFeatureSpecOptions = {}): Promise<FittedFeatureSpec> {
  const parsed = parseFeatureSpec(spec);
  const expanded = expandFeatureSpec(parsed);
  const referenceDate = resolveReferenceDate(parsed.referenceDate, options.referenceDate);
  if (referenceDate === null && expanded.features.some((feature) => feature.source.derive === 'daysSince')) {
    throw new ValidationError('Invalid feature spec: daysSince needs a reference date', [
      { field: 'spec.referenceDate', message: 'Give the dataset snapshot time as the reference date, in the spec or when fitting' },
    ]);
  }

  const tablePosition = new Map<string, number>();
  table.columns.forEach((column, index) => {
    if (!tablePosition.has(column)) tablePosition.set(column, index);
  });
  const positionOf = (column: string, role: string): number => {
    const position = tablePosition.get(column);
    if (position === undefined) throw new InvalidDataError(`The data has no column "${column}", which the feature spec uses as ${role}`, { column });
    return position;
  };
  const targetPosition = positionOf(parsed.target.column, 'the target');
  const cellPositions = expanded.inputs.map((input) => positionOf(input.column, 'an input'));

  const missing = new AsciiCaseInsensitiveSet(expanded.missingPlaceholders);
  const problems = new ProblemTally();
  const slots = createInputSlots(expanded.inputs.length);
  const readers = createInputReaders(expanded.inputs, missing, problems, slots);
  const slotByColumn = new Map(expanded.inputs.map((input, index) => [input.column, index]));
  const context: SourceContext = { slots, slotOf: (column) => slotByColumn.get(column)!, referenceMs: referenceDateMs(referenceDate) };

  const accumulators = expanded.features.map((feature) => {
    const raw = new Float64Array(1);
    if (feature.kind === 'numeric') {
      const compute = createNumericSource(feature.source, context);
      const accumulator = new NumericAccumulator(feature.impute === 'median');
      return {
        add: () => {
          compute(raw);
          accumulator.add(raw[0]!);
        },
        finish: () => fitNumeric(feature, accumulator),
      };
    }
    if (feature.fixedVocabulary !== null) {
      const compute = createFixedCodeSource(feature.source, context);
      const counter = new CodeCounter(feature.fixedVocabulary.length);
      return {
        add: () => {
          compute(raw);
          counter.add(raw[0]!);
        },
        finish: () => fitFixedCategorical(feature, counter),
      };
    }
    const read = createCategoryTextSource(feature.source, context);
    const counter = new CategoryCounter();
    return { add: () => counter.add(read()), finish: () => fitLearnedCategorical(feature, counter) };
  });

  const labelOf = createLabelReader({ positiveLabel: parsed.target.positiveLabel, negativeLabels: parsed.target.negativeLabels ?? null }, missing);
  const classes = { positives: 0, negatives: 0, unlabeled: 0 };
  let rowCount = 0;
  for await (const batch of table.batches) {
    options.signal?.throwIfAborted();
    for (const row of batch) {
      for (let input = 0; input < readers.length; input += 1) readers[input]!(row[cellPositions[input]!]);
      for (const accumulator of accumulators) accumulator.add();
      const label = labelOf(row[targetPosition]);
      if (label === 1) classes.positives += 1;
      else if (label === 0) classes.negatives += 1;
      else classes.unlabeled += 1;
      rowCount += 1;
    }
  }

  const warnings: FeatureFitWarning[] = [];
  const features = accumulators.map((accumulator) => {
    const { feature, warning } = accumulator.finish();
    if (warning) warnings.push({ column: sourceColumns(feature.source)[0] ?? null, feature: feature.name, message: warning });
    return feature;
  });
  for (const { column, count, firstMessage } of problems.entries.values()) {
    warnings.push({ column, feature: null, message: `${count} ${count === 1 ? 'value' : 'values'} of "${column}" could not be read and count as missing; the first: ${firstMessage}` });
  }
  warnings.push(...targetWarnings(parsed, classes, rowCount));

  return fittedFeatureSpecSchema.parse({
    formatVersion: 1,
    modelKind: parsed.modelKind,
    referenceDate,
    missingPlaceholders: expanded.missingPlaceholders,
    target: { column: parsed.target.column, positiveLabel: parsed.target.positiveLabel, negativeLabels: parsed.target.negativeLabels ?? null, ...classes },
    inputs: expanded.inputs,
    features,
    rowCount,
    warnings,
    spec: parsed,
  } satisfies FittedFeatureSpec);
}

interface FitResult<Feature extends FittedFeature> {
  feature: Feature;
  warning?: string;
}

function fitNumeric(planned: PlannedNumericFeature, accumulator: NumericAccumulator): FitResult<FittedNumericFeature> {
  const stats = accumulator.stats();
  const fill = planned.impute === 'keep' ? null : planned.impute === 'constant' ? planned.constant! : ((planned.impute === 'mean' ? stats.mean : stats.median) ?? 0);
  // Centering and scaling use the values seen, before imputation: the mean of the data, not of the data plus guesses.
  const center = planned.standardize ? (stats.mean ?? 0) : 0;
  const scale = planned.standardize && stats.std !== null && stats.std > 0 ? stats.std : 1;
  const feature: FittedNumericFeature = {
    name: planned.name,
    kind: 'numeric',
    source: planned.source,
    stats,
    fill,
    center,
    scale,
    missingIndicator: planned.indicator,
  };
  let warning: string | undefined;
  if (stats.count === 0) {
    warning = `"${planned.name}" has no values in the training data${fill === null ? '' : `; missing values become ${fill}`}`;
  } else if (stats.std === 0 && stats.missing === 0) {
    warning = `"${planned.name}" is ${stats.min} in every row, so it cannot help a model`;
  }
  return { feature, warning };
}

function fitFixedCategorical(planned: PlannedCategoricalFeature, counter: CodeCounter): FitResult<FittedCategoricalFeature> {
  const categories = planned.fixedVocabulary!.map((value, code) => ({ value, count: counter.counts[code] ?? 0 }));
  const feature: FittedCategoricalFeature = {
    name: planned.name,
    kind: 'categorical',
    source: planned.source,
    encoding: planned.encoding,
    categories,
    other: null,
    missingCount: counter.missing,
  };
  return { feature, warning: counter.counts.every((count) => count === 0) ? `"${planned.name}" has no values in the training data` : undefined };
}

function fitLearnedCategorical(planned: PlannedCategoricalFeature, counter: CategoryCounter): FitResult<FittedCategoricalFeature> {
  const { categories, otherCount } = counter.vocabulary(planned.maxCategories, planned.minCount);
  const feature: FittedCategoricalFeature = {
    name: planned.name,
    kind: 'categorical',
    source: planned.source,
    encoding: planned.encoding,
    categories,
    other: { count: otherCount },
    missingCount: counter.missing,
  };
  let warning: string | undefined;
  if (counter.counts.size === 0) warning = `"${planned.name}" has no values in the training data`;
  else if (categories.length === 0) warning = `No category of "${planned.name}" occurs ${planned.minCount} times, so all share "other"`;
  else if (categories.length === 1 && otherCount === 0 && counter.missing === 0) warning = `"${planned.name}" is "${categories[0]!.value}" in every row, so it cannot help a model`;
  return { feature, warning };
}

function targetWarnings(spec: FeatureSpec, classes: { positives: number; negatives: number; unlabeled: number }, rowCount: number): FeatureFitWarning[] {
  const column = spec.target.column;
  if (rowCount === 0) return [{ column: null, feature: null, message: 'The data has no rows' }];
  const warnings: FeatureFitWarning[] = [];
  if (classes.positives === 0) warnings.push({ column, feature: null, message: `No row has the positive label "${spec.target.positiveLabel}" in "${column}"` });
  if (classes.negatives === 0) warnings.push({ column, feature: null, message: `No row of "${column}" is a negative outcome` });
  if (classes.unlabeled > 0) warnings.push({ column, feature: null, message: `${classes.unlabeled} of ${rowCount} rows have no usable label in "${column}" and cannot be learned from` });
  return warnings;
}
