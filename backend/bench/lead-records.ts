import { generateRecordBatches, OUTCOME_FIELDS, toSalesforceJson } from '../src/synthetic/index.ts';

/** The seed of the one generated lead the scoring benchmarks send in every single-record request. */
export const SINGLE_RECORD_SEED = 7;

/** Generated leads as a client sends them (Salesforce's JSON), without their outcome fields; not the training rows. */
export function leadRecords(count: number, seed: number): Record<string, unknown>[] {
  const outcomes = new Set<string>(OUTCOME_FIELDS.Lead);
  const records: Record<string, unknown>[] = [];
  for (const batch of generateRecordBatches({ object: 'Lead', rows: count, seed })) {
    for (const record of batch) records.push(Object.fromEntries(Object.entries(toSalesforceJson(record)).filter(([field]) => !outcomes.has(field))));
  }
  return records;
}
