/**
 * Feature specs and the transforms shared by training and serving. Other capabilities import from
 * here: suggest a spec from a profile, fit it on a snapshot, compile the fitted spec once and use
 * the transformer for every batch and every record.
 */
export { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
export { compileFeatureSpec } from './compile-feature-spec.ts';
export type { BatchReport, FeatureMatrix, FeatureTransformer, MatrixTarget, TableTransformOptions, TransformedRecord, TransformOptions } from './compile-feature-spec.ts';
export { DAY_MS, monthCode, weekdayCode } from './date-parts.ts';
export { parseDateText } from './date-text.ts';
export { EMAIL_DOMAIN_KIND_CODES } from './email-domain-kind.ts';
export {
  DEFAULT_DATE_ORDER,
  DEFAULT_FALSE_VALUES,
  DEFAULT_MAX_CATEGORIES,
  DEFAULT_MIN_CATEGORY_COUNT,
  DEFAULT_MISSING_PLACEHOLDERS,
  DEFAULT_TRUE_VALUES,
} from './feature-defaults.ts';
export { ProblemCollector, type ProblemSink } from './field-problems.ts';
export { fitFeatureSpec } from './fit-feature-spec.ts';
export type { FitFeatureSpecOptions } from './fit-feature-spec.ts';
export { DEFAULT_FREE_MAIL_DOMAINS } from './free-mail-domains.ts';
export { createInputReaders, createInputSlots } from './input-readers.ts';
export type { InputReader, InputSlots } from './input-readers.ts';
export { parseNumberText } from './number-text.ts';
export { describeOutputFeatures, MISSING_CATEGORY_LABEL, OTHER_CATEGORY_LABEL, OUTPUT_FEATURE_ROLES } from './output-features.ts';
export type { OutputFeature, OutputFeatureRole } from './output-features.ts';
export { parseFeatureSpec, parseFittedFeatureSpec } from './parse-feature-spec.ts';
export { referenceDateMs } from './reference-date.ts';
export { suggestFeatureSpec } from './suggest-feature-spec.ts';
export type { ProfiledColumn, SuggestFeatureSpecInput } from './suggest-feature-spec.ts';
export { codePointLength, wordCount } from './text-measures.ts';
export { profiledColumns } from './profiled-columns.ts';
