/**
 * Schema inference, profiles, target analysis and the data-quality report of datasets.
 * Pass one: createProfiler (or profileTable). Pass two, once the target is chosen:
 * createTargetAnalyzer (or analyzeTarget). Then buildQualityReport.
 */
export { createProfiler, schemaOfProfile, type Profiler } from './profiler.ts';
export { createTargetAnalyzer, type TargetAnalyzer } from './target-analyzer.ts';
export { buildQualityReport } from './quality-report.ts';
export { analyzeTarget, profileTable } from './profile-table.ts';
export { createPlaceholderMatcher, parseDate, parseNumber, readBoolean } from './cell-values.ts';
export { numericBinIndex } from './numeric-summary.ts';
export { crossDatasetFindings, type OtherDataset } from './cross-dataset-findings.ts';
