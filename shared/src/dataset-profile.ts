import { z } from 'zod';

/**
 * What the API tells about a dataset before any model is trained on it: the column schema inferred
 * from raw text, the profile (which later serves as the drift reference), the target analysis, the
 * data-quality report and the readiness verdict. Everything here is plain JSON: numbers are finite
 * and dates are ISO strings, so a stored profile reads back exactly as it was written.
 */

/**
 * How a column is read. `identifier` columns (record ids, emails used as keys, sequential numbers)
 * and `text` columns (free text, mostly distinct) are not used as categories by training.
 * A column without a single value is `categorical` and gets an `empty_column` finding.
 */
export const COLUMN_TYPES = Object.freeze(['numeric', 'categorical', 'boolean', 'date', 'text', 'identifier'] as const);
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * How a slashed date such as 05/03/2024 is read. ISO dates (2024-03-05) need no order; a column
 * whose slashed dates all fit both orders is read month first, as US exports write them.
 */
export const DATE_ORDERS = Object.freeze(['month_first', 'day_first'] as const);
export type DateOrder = (typeof DATE_ORDERS)[number];

/**
 * Texts that mean "no value" unless configured otherwise, compared case-insensitively after
 * trimming. CRM picklists and exports use them where a cell should be empty.
 */
export const DEFAULT_PLACEHOLDERS = Object.freeze(['Select', 'unknown', 'N/A', 'NA', 'n/a', '-', 'none', 'null'] as const);

const count = z.int().min(0);
const share = z.number().min(0).max(1);

export const valueCountSchema = z.object({ value: z.string(), count });

export const columnSchemaSchema = z.object({
  name: z.string(),
  type: z.enum(COLUMN_TYPES),
  dateOrder: z.enum(DATE_ORDERS).nullable().describe('Order of day and month in slashed dates; null when the column has none.'),
  trueValue: z.string().nullable().describe('For boolean columns, the text that means true (such as `yes` or `1`).'),
  falseValue: z.string().nullable().describe('For boolean columns, the text that means false.'),
});

export const datasetSchemaSchema = z
  .object({ columns: z.array(columnSchemaSchema) })
  .meta({ id: 'DatasetSchema', description: 'Each column of a dataset with the type inferred from its values.' });

export const missingValuesSchema = z.object({
  count: count.describe('Null, empty and placeholder cells together.'),
  share: share,
  nulls: count.describe('Cells for which the source had no value at all.'),
  empty: count.describe('Empty or whitespace-only cells.'),
  placeholders: z.array(valueCountSchema).describe('Placeholder texts counted as missing, as written in the data, most frequent first.'),
});

export const topValuesSchema = z.object({
  values: z.array(valueCountSchema).describe('Most frequent values, most frequent first. For categorical and boolean columns this is the category histogram drift checks compare.'),
  otherCount: count.describe('Non-missing cells holding any other value.'),
  exact: z.boolean().describe('False when the column had too many distinct values to count each; counts are then lower bounds.'),
});

/** The quantiles every numeric profile reports, by name and probability. */
export const QUANTILES = Object.freeze({ p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const);

export const numericHistogramSchema = z.object({
  edges: z.array(z.number()).describe('Ascending upper bounds: bin i holds values in (edges[i-1], edges[i]]; one more bin holds values above the last edge.'),
  shares: z.array(share).describe('Share of the numeric values in each bin; one more entry than edges.'),
});

export const numericStatsSchema = z.object({
  count: count.describe('Cells that are numbers.'),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number().describe('Population standard deviation.'),
  quantiles: z.object({ p1: z.number(), p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number(), p99: z.number() }),
  exactQuantiles: z.boolean().describe('False when quantiles and histogram come from a uniform sample of the values.'),
  histogram: numericHistogramSchema,
  sentinel: z
    .object({ value: z.number(), share: share, othersMin: z.number(), othersMax: z.number() })
    .nullable()
    .describe('A value filling a large share of the column far outside its other values (such as 999 meaning "never"): probably a code rather than a quantity.'),
});

export const dateStatsSchema = z.object({
  count: count.describe('Cells that are dates.'),
  min: z.string().describe('Earliest date, ISO 8601 (a date, or a UTC date-time when the column has times).'),
  max: z.string(),
  withTime: z.boolean(),
});

export const lengthStatsSchema = z.object({ min: count, max: count, mean: z.number() });

export const unparsableValuesSchema = z.object({
  count: count.describe('Non-missing cells that do not read as the column type; they are treated as missing.'),
  examples: z.array(z.string()),
});

export const columnProfileSchema = columnSchemaSchema.extend({
  missing: missingValuesSchema,
  distinct: z.object({
    count: count.describe('Distinct non-missing values.'),
    exact: z.boolean().describe('False when the count is an estimate (beyond the exact-counting limit).'),
  }),
  topValues: topValuesSchema,
  lengths: lengthStatsSchema.nullable().describe('Lengths of the non-missing texts.'),
  numeric: numericStatsSchema.nullable(),
  dates: dateStatsSchema.nullable(),
  unparsable: unparsableValuesSchema.nullable().describe('For numeric and date columns.'),
});

export const datasetProfileSchema = z
  .object({
    version: z.literal(1),
    rowCount: count,
    placeholders: z.array(z.string()).describe('The placeholder texts that were counted as missing.'),
    columns: z.array(columnProfileSchema),
    duplicateRows: z.object({
      count: count.describe('Rows equal to an earlier row in every column except the id column.'),
      exact: z.boolean(),
      exampleRows: z.array(z.int().min(1)).describe('Some duplicate rows, counting from 1 for the first data row.'),
    }),
    idColumn: z
      .object({
        name: z.string(),
        duplicateCount: count.describe('Rows whose id already appeared in an earlier row.'),
        exact: z.boolean(),
        examples: z.array(z.string()).describe('Some ids that appear more than once.'),
      })
      .nullable(),
  })
  .meta({ id: 'DatasetProfile', description: 'Statistics of every column, from one pass over the data; the reference for drift checks.' });

export const targetSpecSchema = z
  .object({
    column: z.string().min(1).describe('The outcome column, such as IsConverted or StageName.'),
    positive: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .describe('Value(s) meaning the good outcome. Inferred for yes/no, true/false, 1/0, won/lost and converted columns.'),
    negative: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .describe('Value(s) meaning the other outcome. When given, rows with any other value (open deals, say) are left out as unlabeled.'),
  })
  .meta({ id: 'TargetSpec' });

export const SEPARATION_METHODS = Object.freeze(['rank', 'cross_fitted_categories'] as const);

export const columnSeparationSchema = z.object({
  name: z.string(),
  type: z.enum(COLUMN_TYPES),
  auc: z
    .number()
    .min(0.5)
    .max(1)
    .nullable()
    .describe('AUC of this column alone against the target, 0.5 to 1 whichever direction; null with too few values of either outcome.'),
  direction: z.enum(['higher_is_positive', 'lower_is_positive']).nullable().describe('For numeric and date columns.'),
  method: z.enum(SEPARATION_METHODS).nullable(),
  filledAmongPositive: share.nullable().describe('Share of positive rows where this column has a value.'),
  filledAmongNegative: share.nullable(),
});

export const targetAnalysisSchema = z
  .object({
    target: z.object({
      column: z.string(),
      positive: z.array(z.string()),
      negative: z.array(z.string()).nullable().describe('Null: every other value is negative.'),
      inferred: z.boolean().describe('True when the positive value was inferred rather than given.'),
    }),
    counts: z.object({ positive: count, negative: count, unlabeled: count.describe('Rows without an outcome: missing, or neither positive nor negative.') }),
    positiveShare: share,
    columns: z.array(columnSeparationSchema),
  })
  .meta({ id: 'DatasetTargetAnalysis', description: 'The outcome to predict, its class balance, and how well each column alone separates it.' });

export const FINDING_SEVERITIES = Object.freeze(['info', 'warning', 'blocker'] as const);
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_CODES = Object.freeze({
  missingValues: 'missing_values',
  emptyColumn: 'empty_column',
  placeholderValues: 'placeholder_values',
  unparsableValues: 'unparsable_values',
  constantColumn: 'constant_column',
  nearConstantColumn: 'near_constant_column',
  sentinelValue: 'sentinel_value',
  duplicateRows: 'duplicate_rows',
  duplicateIds: 'duplicate_ids',
  identifierColumn: 'identifier_column',
  highCardinality: 'high_cardinality',
  categoryVariants: 'category_variants',
  misspelledValues: 'misspelled_values',
  joinMismatch: 'join_mismatch',
  classImbalance: 'class_imbalance',
  unlabeledRows: 'unlabeled_rows',
  leakageSuspect: 'leakage_suspect',
  filledAfterOutcome: 'filled_after_outcome',
} as const);
export type FindingCode = (typeof FINDING_CODES)[keyof typeof FINDING_CODES];

export const qualityFindingSchema = z.object({
  code: z.enum(Object.values(FINDING_CODES) as [FindingCode, ...FindingCode[]]),
  severity: z.enum(FINDING_SEVERITIES).describe('`blocker` findings fail the readiness verdict until the column is excluded or the data fixed.'),
  columns: z.array(z.string()).describe('The columns concerned; empty for findings about whole rows.'),
  message: z.string().describe('What is wrong and what to do, in a sentence for a sales analyst.'),
  measures: z.record(z.string(), z.union([z.number(), z.string()])).describe('The numbers behind the message.'),
});

export const READINESS_CHECK_CODES = Object.freeze({
  targetChosen: 'target_chosen',
  minRows: 'min_rows',
  minPositives: 'min_positives',
  minNegatives: 'min_negatives',
  noBlockers: 'no_blockers',
} as const);
export type ReadinessCheckCode = (typeof READINESS_CHECK_CODES)[keyof typeof READINESS_CHECK_CODES];

export const trainingReadinessSchema = z
  .object({
    ready: z.boolean(),
    checks: z.array(
      z.object({
        code: z.enum(Object.values(READINESS_CHECK_CODES) as [ReadinessCheckCode, ...ReadinessCheckCode[]]),
        passed: z.boolean(),
        actual: z.number().nullable(),
        required: z.number().nullable(),
        message: z.string(),
      }),
    ),
    reasons: z.array(z.string()).describe('Why the data is not ready, one sentence per failed check; empty when ready.'),
  })
  .meta({ id: 'TrainingReadiness', description: 'Whether there is enough clean, labeled data to train, against configurable minimums.' });

export const qualityReportSchema = z
  .object({
    findings: z.array(qualityFindingSchema).describe('Blockers first, then warnings, then information.'),
    counts: z.object({ blocker: count, warning: count, info: count }),
    readiness: trainingReadinessSchema,
  })
  .meta({ id: 'DatasetQualityReport' });

/** Minimum outcomes the CRM vendors require before they train, for `qualityReportOptions`. */
export const READINESS_PRESETS = Object.freeze({
  default: { minRows: 200, minPositives: 40, minNegatives: 40 },
  dynamics365: { minRows: 80, minPositives: 40, minNegatives: 40 },
  einsteinLeads: { minRows: 1000, minPositives: 120, minNegatives: 0 },
  einsteinOpportunities: { minRows: 400, minPositives: 200, minNegatives: 200 },
} as const);

export const datasetProfileOptionsSchema = z
  .object({
    placeholders: z.array(z.string()).default([...DEFAULT_PLACEHOLDERS]).describe('Texts that mean missing, compared case-insensitively.'),
    idColumn: z.string().min(1).optional().describe('The record id column; by default a column named Id (any case).'),
    topValuesLimit: z.int().min(1).max(1000).default(50),
    sampleSize: z.int().min(100).max(1_000_000).default(16_384).describe('Numbers kept per column for quantiles and histograms.'),
    distinctExactLimit: z.int().min(100).max(10_000_000).default(65_536).describe('Distinct values counted exactly per column; beyond it, estimated.'),
    rowsExactLimit: z.int().min(100).max(100_000_000).default(1_048_576).describe('Rows (and ids) checked exactly for duplicates; beyond it, estimated.'),
    columnTypes: z
      .record(z.string(), z.enum(COLUMN_TYPES))
      .default({})
      .describe('Types known from the source (a CRM field’s declared type), used instead of inferring them from the values.'),
  })
  .meta({ id: 'DatasetProfileOptions' });

export const qualityReportOptionsSchema = z
  .object({
    minRows: z.int().min(0).default(READINESS_PRESETS.default.minRows).describe('Labeled rows needed.'),
    minPositives: z.int().min(0).default(READINESS_PRESETS.default.minPositives),
    minNegatives: z.int().min(0).default(READINESS_PRESETS.default.minNegatives),
    excludedColumns: z.array(z.string()).default([]).describe('Columns left out of training; findings about them alone are dropped.'),
    missingWarningShare: share.default(0.5),
    nearConstantShare: share.default(0.95).describe('Share of the most frequent value above which a column is near-constant.'),
    highCardinality: z.int().min(2).default(100).describe('Distinct values above which a categorical column is high-cardinality.'),
    leakageWarningAuc: z.number().min(0.5).max(1).default(0.8),
    leakageBlockerAuc: z.number().min(0.5).max(1).default(0.95),
    filledAfterOutcomeAccuracy: z.number().min(0.5).max(1).default(0.95).describe('How well a column’s missingness alone must tell the outcomes apart (balanced accuracy) to be filled after the outcome.'),
    imbalanceInfoShare: share.default(0.2).describe('Minority outcome share below which class imbalance is noted.'),
    imbalanceWarningShare: share.default(0.05),
  })
  .meta({ id: 'QualityReportOptions' });

export type ColumnSchema = z.infer<typeof columnSchemaSchema>;
export type DatasetSchema = z.infer<typeof datasetSchemaSchema>;
export type ValueCount = z.infer<typeof valueCountSchema>;
export type NumericStats = z.infer<typeof numericStatsSchema>;
export type NumericHistogram = z.infer<typeof numericHistogramSchema>;
export type DateStats = z.infer<typeof dateStatsSchema>;
export type ColumnProfile = z.infer<typeof columnProfileSchema>;
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;
export type TargetSpec = z.input<typeof targetSpecSchema>;
export type ColumnSeparation = z.infer<typeof columnSeparationSchema>;
export type TargetAnalysis = z.infer<typeof targetAnalysisSchema>;
export type QualityFinding = z.infer<typeof qualityFindingSchema>;
export type TrainingReadiness = z.infer<typeof trainingReadinessSchema>;
export type QualityReport = z.infer<typeof qualityReportSchema>;
export type DatasetProfileOptions = z.input<typeof datasetProfileOptionsSchema>;
export type QualityReportOptions = z.input<typeof qualityReportOptionsSchema>;
