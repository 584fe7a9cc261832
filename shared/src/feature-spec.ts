import { z } from 'zod';

/**
 * Feature specs: how a model turns the raw fields of a record into numbers. A `FeatureSpec` is what
 * an analyst writes (or `suggestFeatureSpec` proposes) per input column; fitting it on a dataset
 * snapshot gives a `FittedFeatureSpec`, plain JSON holding everything the transform needs
 * (vocabularies, means, standard deviations, the reference date), so that training, serving and
 * the ONNX export all apply exactly the same transform.
 */

/**
 * The model family decides the encoding: trees take categorical codes and keep missing values as
 * NaN (they learn where missing values go); the linear model needs one-hot categoricals,
 * standardized numbers and no missing values at all.
 */
export const FEATURE_MODEL_KINDS = Object.freeze(['trees', 'linear'] as const);
export type FeatureModelKind = (typeof FEATURE_MODEL_KINDS)[number];

/** How a field is read. The dataset profile's `identifier` type has no entry: identifiers are excluded, not read. */
export const INPUT_COLUMN_TYPES = Object.freeze(['numeric', 'categorical', 'boolean', 'date', 'text'] as const);
export type InputColumnType = (typeof INPUT_COLUMN_TYPES)[number];

/** `keep` leaves a missing number as NaN, which only trees accept. */
export const IMPUTATIONS = Object.freeze(['keep', 'mean', 'median', 'constant'] as const);
export type Imputation = (typeof IMPUTATIONS)[number];

export const DATE_DERIVATIONS = Object.freeze(['daysSince', 'weekday', 'month'] as const);
export type DateDerivation = (typeof DATE_DERIVATIONS)[number];

export const TEXT_DERIVATIONS = Object.freeze(['textLength', 'wordCount', 'emailDomainKind'] as const);
export type TextDerivation = (typeof TEXT_DERIVATIONS)[number];

export const EXCLUSION_REASONS = Object.freeze(['target', 'identifier', 'leakage', 'constant', 'allMissing', 'manual'] as const);
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const CATEGORICAL_ENCODINGS = Object.freeze(['codes', 'oneHot'] as const);
export type CategoricalEncoding = (typeof CATEGORICAL_ENCODINGS)[number];

/**
 * Vocabularies of the derived categorical features. They are fixed rather than learned, so a
 * derived feature's code is its label's position here and no value can ever be unseen.
 */
export const FIXED_VOCABULARIES = Object.freeze({
  weekday: Object.freeze(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const),
  month: Object.freeze(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const),
  emailDomainKind: Object.freeze(['free', 'corporate', 'invalid'] as const),
} as const);

const columnNameSchema = z.string().min(1).max(1000);

/** How a slashed date such as 05/03/2024 is read; the same two orders as the dataset profile's. */
const dateOrderSchema = z.enum(['month_first', 'day_first']);

export const numericMissingSchema = z
  .object({
    impute: z.enum(IMPUTATIONS).describe('What a missing number becomes: kept as missing (trees only), or the training mean, median or a constant.'),
    constant: z.number().optional().describe('The value used with `impute: "constant"`.'),
    indicator: z.boolean().optional().describe('Also add a 0/1 feature that says the value was missing.'),
  })
  .refine((missing) => (missing.impute === 'constant') === (missing.constant !== undefined), {
    path: ['constant'],
    message: 'Give constant with impute "constant", and only then',
  })
  .meta({ id: 'NumericMissingHandling' });

const categoryListSchema = z.array(z.string().trim().min(1).max(200)).min(1).max(100);

export const columnSpecSchema = z
  .discriminatedUnion('type', [
    z.object({
      name: columnNameSchema,
      type: z.literal('numeric'),
      missing: numericMissingSchema.optional(),
    }),
    z.object({
      name: columnNameSchema,
      type: z.literal('boolean'),
      missing: numericMissingSchema.optional(),
      trueValues: categoryListSchema.optional().describe('Texts read as true, ignoring ASCII case. Default: true, yes, y, t, 1.'),
      falseValues: categoryListSchema.optional().describe('Texts read as false, ignoring ASCII case. Default: false, no, n, f, 0.'),
    }),
    z.object({
      name: columnNameSchema,
      type: z.literal('categorical'),
      maxCategories: z.int().min(1).max(10_000).optional().describe('Most frequent categories kept; the rest share the "other" category.'),
      minCount: z.int().min(1).optional().describe('Categories seen fewer times than this in training share the "other" category.'),
    }),
    z.object({
      name: columnNameSchema,
      type: z.literal('date'),
      derive: z.array(z.enum(DATE_DERIVATIONS)).min(1),
      dateOrder: dateOrderSchema.optional().describe('Order of day and month in slashed dates. Default: month first. ISO dates need none.'),
      missing: numericMissingSchema.optional().describe('Missing handling of `daysSince`.'),
    }),
    z.object({
      name: columnNameSchema,
      type: z.literal('text'),
      derive: z.array(z.enum(TEXT_DERIVATIONS)).min(1),
      missing: numericMissingSchema.optional().describe('Missing handling of `textLength` and `wordCount`.'),
      freeMailDomains: z.array(z.string().trim().min(3).max(253)).optional().describe('Domains that count as free mail. Default: a built-in list.'),
    }),
  ])
  .meta({ id: 'FeatureColumnSpec' });

export const ratioSpecSchema = z
  .object({
    name: z.string().min(1).max(1000).optional().describe('Default: "numerator/denominator".'),
    numerator: columnNameSchema,
    denominator: columnNameSchema,
    missing: numericMissingSchema.optional(),
  })
  .meta({ id: 'FeatureRatioSpec' });

export const featureTargetSchema = z
  .object({
    column: columnNameSchema,
    positiveLabel: z.string().trim().min(1).describe('The outcome to predict, matched ignoring ASCII case, for example "Won" or "yes".'),
    negativeLabels: categoryListSchema
      .optional()
      .describe('When given, only these labels are negatives and any other value is unlabeled (an open deal, say); otherwise everything but the positive label is negative.'),
  })
  .meta({ id: 'FeatureTarget' });

export const featureExclusionSchema = z
  .object({
    column: columnNameSchema,
    reason: z.enum(EXCLUSION_REASONS),
    note: z.string().max(1000).optional(),
  })
  .meta({ id: 'FeatureExclusion' });

export const featureSpecSchema = z
  .object({
    modelKind: z.enum(FEATURE_MODEL_KINDS),
    target: featureTargetSchema,
    referenceDate: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('The moment `daysSince` counts from, normally the dataset snapshot time. Never the time of scoring, so training and serving agree.'),
    missingPlaceholders: z
      .array(z.string().trim().max(100))
      .max(1000)
      .optional()
      .describe('Texts that mean missing, matched after trimming and ignoring ASCII case. Default: a built-in list ("Select", "unknown", "N/A", ...).'),
    columns: z.array(columnSpecSchema).min(1),
    ratios: z.array(ratioSpecSchema).optional(),
    excluded: z.array(featureExclusionSchema).optional().describe('Columns left out on purpose and why; for the record, they are never read.'),
  })
  .superRefine((spec, context) => {
    const typeByName = new Map<string, InputColumnType>();
    spec.columns.forEach((column, index) => {
      if (typeByName.has(column.name)) context.addIssue({ code: 'custom', path: ['columns', index, 'name'], message: `Column "${column.name}" is listed twice` });
      typeByName.set(column.name, column.type);
      if (column.name === spec.target.column) context.addIssue({ code: 'custom', path: ['columns', index, 'name'], message: 'The target column cannot be an input' });
      if ('derive' in column && new Set(column.derive).size !== column.derive.length) {
        context.addIssue({ code: 'custom', path: ['columns', index, 'derive'], message: 'A derivation is listed twice' });
      }
      if (spec.modelKind === 'linear' && 'missing' in column && column.missing?.impute === 'keep') {
        context.addIssue({ code: 'custom', path: ['columns', index, 'missing', 'impute'], message: 'The linear model cannot take missing values: choose mean, median or constant' });
      }
    });
    (spec.ratios ?? []).forEach((ratio, index) => {
      for (const side of ['numerator', 'denominator'] as const) {
        if (typeByName.get(ratio[side]) !== 'numeric') {
          context.addIssue({ code: 'custom', path: ['ratios', index, side], message: `"${ratio[side]}" is not a numeric column of this spec` });
        }
      }
      if (spec.modelKind === 'linear' && ratio.missing?.impute === 'keep') {
        context.addIssue({ code: 'custom', path: ['ratios', index, 'missing', 'impute'], message: 'The linear model cannot take missing values: choose mean, median or constant' });
      }
    });
    (spec.excluded ?? []).forEach((exclusion, index) => {
      if (typeByName.has(exclusion.column)) {
        context.addIssue({ code: 'custom', path: ['excluded', index, 'column'], message: `Column "${exclusion.column}" is both an input and excluded` });
      }
    });
  })
  .meta({ id: 'FeatureSpec' });

export type NumericMissing = z.infer<typeof numericMissingSchema>;
export type ColumnSpec = z.infer<typeof columnSpecSchema>;
export type RatioSpec = z.infer<typeof ratioSpecSchema>;
export type FeatureTarget = z.infer<typeof featureTargetSchema>;
export type FeatureExclusion = z.infer<typeof featureExclusionSchema>;
export type FeatureSpec = z.infer<typeof featureSpecSchema>;

// ---------------------------------------------------------------------------------------------
// The fitted spec. Nothing in it has a default: a later release that changes a default must not
// change what an existing model sees.

export const fittedInputSchema = z
  .discriminatedUnion('type', [
    z.object({ column: columnNameSchema, type: z.literal('numeric') }),
    z.object({ column: columnNameSchema, type: z.literal('categorical') }),
    z.object({ column: columnNameSchema, type: z.literal('date'), dateOrder: dateOrderSchema }),
    z.object({ column: columnNameSchema, type: z.literal('text') }),
    z.object({ column: columnNameSchema, type: z.literal('boolean'), trueValues: z.array(z.string()), falseValues: z.array(z.string()) }),
  ])
  .meta({ id: 'FittedFeatureInput' });

export const featureSourceSchema = z
  .discriminatedUnion('derive', [
    z.object({ derive: z.literal('value'), column: columnNameSchema }),
    z.object({ derive: z.literal('daysSince'), column: columnNameSchema }),
    z.object({ derive: z.literal('weekday'), column: columnNameSchema }),
    z.object({ derive: z.literal('month'), column: columnNameSchema }),
    z.object({ derive: z.literal('textLength'), column: columnNameSchema }),
    z.object({ derive: z.literal('wordCount'), column: columnNameSchema }),
    z.object({ derive: z.literal('emailDomainKind'), column: columnNameSchema, freeMailDomains: z.array(z.string()) }),
    z.object({ derive: z.literal('ratio'), numerator: columnNameSchema, denominator: columnNameSchema }),
  ])
  .meta({ id: 'FeatureSource' });

export const fittedNumericStatsSchema = z
  .object({
    count: z.int().min(0).describe('Rows with a value.'),
    missing: z.int().min(0).describe('Rows without one.'),
    mean: z.number().nullable(),
    std: z.number().min(0).nullable().describe('Population standard deviation of the values seen.'),
    min: z.number().nullable(),
    max: z.number().nullable(),
    median: z.number().nullable().describe('Only computed when the median is imputed.'),
  })
  .meta({ id: 'FittedNumericStats' });

export const fittedNumericFeatureSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('numeric'),
  source: featureSourceSchema,
  stats: fittedNumericStatsSchema,
  fill: z.number().nullable().describe('What a missing value becomes; null keeps it missing (NaN).'),
  center: z.number().describe('Subtracted after filling: the mean when standardized, else 0.'),
  scale: z.number().positive().describe('Divided by after centering: the standard deviation when standardized, else 1.'),
  missingIndicator: z.boolean(),
});

export const fittedCategoricalFeatureSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('categorical'),
  source: featureSourceSchema,
  encoding: z.enum(CATEGORICAL_ENCODINGS),
  categories: z
    .array(z.object({ value: z.string(), count: z.int().min(0) }))
    .describe('Kept categories; a category’s code is its position here, most frequent first for learned vocabularies.'),
  other: z
    .object({ count: z.int().min(0).describe('Training rows whose category was folded into "other".') })
    .nullable()
    .describe('The bucket for rare and unseen categories, coded after the kept ones; null for fixed vocabularies.'),
  missingCount: z.int().min(0),
});

export const fittedFeatureSchema = z
  .discriminatedUnion('kind', [fittedNumericFeatureSchema, fittedCategoricalFeatureSchema])
  .meta({ id: 'FittedFeature' });

export const fitWarningSchema = z
  .object({
    column: z.string().nullable().describe('The input column concerned, if one is.'),
    feature: z.string().nullable().describe('The feature concerned, if one is.'),
    message: z.string(),
  })
  .meta({ id: 'FeatureFitWarning' });

export const fittedTargetSchema = z
  .object({
    column: columnNameSchema,
    positiveLabel: z.string(),
    negativeLabels: z.array(z.string()).nullable(),
    positives: z.int().min(0),
    negatives: z.int().min(0),
    unlabeled: z.int().min(0).describe('Rows whose target is missing or, with negativeLabels, neither positive nor negative.'),
  })
  .meta({ id: 'FittedFeatureTarget' });

/** Which input types each derivation reads; the fitted spec is rejected when a source does not match. */
const INPUT_TYPES_BY_DERIVATION = Object.freeze({
  value: ['numeric', 'boolean', 'categorical'],
  daysSince: ['date'],
  weekday: ['date'],
  month: ['date'],
  textLength: ['text'],
  wordCount: ['text'],
  emailDomainKind: ['text'],
  ratio: ['numeric'],
} as const satisfies Record<FeatureSource['derive'], readonly InputColumnType[]>);

export const fittedFeatureSpecSchema = z
  .object({
    formatVersion: z.literal(1),
    modelKind: z.enum(FEATURE_MODEL_KINDS),
    referenceDate: z.iso.datetime({ offset: true }).nullable(),
    missingPlaceholders: z.array(z.string()).describe('Lower-case, trimmed; matched ignoring ASCII case.'),
    target: fittedTargetSchema,
    inputs: z.array(fittedInputSchema).describe('The record fields the transform reads and how each is read.'),
    features: z.array(fittedFeatureSchema).min(1),
    rowCount: z.int().min(0).describe('Training rows the spec was fitted on.'),
    warnings: z.array(fitWarningSchema),
    spec: featureSpecSchema.describe('The spec this was fitted from, to refit it on a newer snapshot.'),
  })
  .superRefine((fitted, context) => {
    const inputTypes = new Map(fitted.inputs.map((input) => [input.column, input.type]));
    const names = new Set<string>();
    fitted.features.forEach((feature, index) => {
      if (names.has(feature.name)) context.addIssue({ code: 'custom', path: ['features', index, 'name'], message: `Feature "${feature.name}" is listed twice` });
      names.add(feature.name);
      const derive = feature.source.derive;
      const allowed: readonly InputColumnType[] = derive === 'value' ? (feature.kind === 'categorical' ? ['categorical'] : ['numeric', 'boolean']) : INPUT_TYPES_BY_DERIVATION[derive];
      const fixedVocabulary: readonly string[] | undefined = derive === 'weekday' || derive === 'month' || derive === 'emailDomainKind' ? FIXED_VOCABULARIES[derive] : undefined;
      if (feature.kind === 'numeric' && fixedVocabulary !== undefined) {
        context.addIssue({ code: 'custom', path: ['features', index, 'kind'], message: `${derive} is categorical` });
      }
      if (feature.kind === 'categorical') {
        if (derive !== 'value' && fixedVocabulary === undefined) {
          context.addIssue({ code: 'custom', path: ['features', index, 'kind'], message: `${derive} is numeric` });
        } else if (fixedVocabulary !== undefined && (feature.other !== null || feature.categories.map((category) => category.value).join('\u0000') !== fixedVocabulary.join('\u0000'))) {
          context.addIssue({ code: 'custom', path: ['features', index, 'categories'], message: `${derive} has the fixed categories ${fixedVocabulary.join(', ')} and no "other"` });
        } else if (derive === 'value' && feature.other === null) {
          context.addIssue({ code: 'custom', path: ['features', index, 'other'], message: 'A learned vocabulary needs the "other" bucket for unseen values' });
        }
      }
      for (const column of sourceColumns(feature.source)) {
        const type = inputTypes.get(column);
        if (type === undefined || !allowed.includes(type)) {
          context.addIssue({ code: 'custom', path: ['features', index, 'source'], message: `Reads "${column}", which is not an input of type ${allowed.join(' or ')}` });
        }
      }
    });
    if (fitted.features.some((feature) => feature.source.derive === 'daysSince') && fitted.referenceDate === null) {
      context.addIssue({ code: 'custom', path: ['referenceDate'], message: 'daysSince needs a reference date' });
    }
  })
  .meta({ id: 'FittedFeatureSpec' });

export type FittedInput = z.infer<typeof fittedInputSchema>;
export type FeatureSource = z.infer<typeof featureSourceSchema>;
export type FittedNumericStats = z.infer<typeof fittedNumericStatsSchema>;
export type FittedNumericFeature = z.infer<typeof fittedNumericFeatureSchema>;
export type FittedCategoricalFeature = z.infer<typeof fittedCategoricalFeatureSchema>;
export type FittedFeature = z.infer<typeof fittedFeatureSchema>;
export type FeatureFitWarning = z.infer<typeof fitWarningSchema>;
export type FittedTarget = z.infer<typeof fittedTargetSchema>;
export type FittedFeatureSpec = z.infer<typeof fittedFeatureSpecSchema>;

/** The input columns a feature reads. */
export function sourceColumns(source: FeatureSource): string[] {
  return source.derive === 'ratio' ? [source.numerator, source.denominator] : [source.column];
}

// ---------------------------------------------------------------------------------------------
// Problems found while reading a record's fields. A field that cannot be read is treated as
// missing and reported, so one bad value never fails a record or a file.

export const FIELD_PROBLEM_CODES = Object.freeze({
  notANumber: 'not_a_number',
  notFinite: 'not_finite',
  notADate: 'not_a_date',
  notABoolean: 'not_a_boolean',
  wrongType: 'wrong_type',
  columnAbsent: 'column_absent',
} as const);
export type FieldProblemCode = (typeof FIELD_PROBLEM_CODES)[keyof typeof FIELD_PROBLEM_CODES];

export const fieldProblemSchema = z
  .object({
    rowIndex: z.int().min(0).nullable().describe('0-based position of the row in the rows transformed together; null for a single record or the whole batch.'),
    column: z.string(),
    code: z.enum(Object.values(FIELD_PROBLEM_CODES) as [FieldProblemCode, ...FieldProblemCode[]]),
    message: z.string().describe('What was wrong, for a person; the value was read as missing.'),
  })
  .meta({ id: 'FieldProblem' });

export type FieldProblem = z.infer<typeof fieldProblemSchema>;
