/**
 * Synthetic CRM data: Salesforce-shaped leads and opportunities with a known true probability of
 * converting or winning, planted flaws at chosen rates, and the same bytes for the same seed. It
 * feeds the demo workspace, the Salesforce stand-in and tests; the true probabilities give model
 * quality tests their ceiling.
 */
export { generateRecordBatches } from './generate-records.ts';
export { syntheticTableStream, type SyntheticTableOptions } from './synthetic-table-stream.ts';
export { writeCsv, csvLine, type CsvWriteResult } from './csv-writer.ts';
export { describeSyntheticObject, syntheticColumns, OPPORTUNITY_ACCOUNT_COLUMNS } from './object-descriptions.ts';
export type { SalesforceFieldDescription, SalesforceFieldType, SalesforceObjectDescription, RelationshipColumn } from './field-description.ts';
export { trueProbabilityReport, type TrueProbabilityReport } from './true-probability-report.ts';
export { rocAuc } from './roc-auc.ts';
export { toSalesforceJson, type SalesforceJsonRecord } from './salesforce-json.ts';
export {
  resolveSyntheticOptions,
  DEFAULT_AS_OF,
  SYNTHETIC_OBJECTS,
  type SyntheticDataOptions,
  type SyntheticObjectName,
  type ResolvedSyntheticOptions,
} from './synthetic-options.ts';
export { DEFAULT_QUIRKS, NO_QUIRKS, type QuirkOptions } from './quirk-options.ts';
export {
  OUTCOME_FIELDS,
  TRUE_PROBABILITY_FIELD,
  outcomeOf,
  type SalesforceValue,
  type SyntheticLead,
  type SyntheticOpportunity,
  type SyntheticRecord,
  type SyntheticRecordByObject,
} from './synthetic-records.ts';
export { leadConversionProbability, type LeadConversionDrivers } from './lead-conversion-model.ts';
export { opportunityWinProbability, type OpportunityWinDrivers } from './opportunity-win-model.ts';
export { createAccountSource, type SyntheticAccount } from './synthetic-accounts.ts';
export { KEY_PREFIXES, salesforceId } from './salesforce-id.ts';
export { SeededRandom } from './seeded-random.ts';
