import { createDuplicateRows } from './duplicate-rows.ts';
import { createLeadFactory } from './lead-records.ts';
import { createOpportunityFactory } from './opportunity-records.ts';
import type { RecordFactory } from './record-factory.ts';
import { resolveSyntheticOptions, type ResolvedSyntheticOptions, type SyntheticDataOptions, type SyntheticObjectName } from './synthetic-options.ts';
import type { SyntheticRecordByObject } from './synthetic-records.ts';

function createFactory<O extends SyntheticObjectName>(options: ResolvedSyntheticOptions & { object: O }): RecordFactory<SyntheticRecordByObject[O]> {
  const factory = options.object === 'Lead' ? createLeadFactory(options) : createOpportunityFactory(options);
  return factory as RecordFactory<SyntheticRecordByObject[O]>;
}

/**
 * The records of a synthetic data set, in batches of `batchSize`, as plain objects typed the way
 * Salesforce's JSON has them. Lazy and synchronous: only the current batch and a small window of
 * recent rows (for duplicates) are in memory, so a million rows need a few megabytes. The same
 * options always give the same records; record number n does not depend on the batch size, on
 * the duplicate rates or on whether a cell flaw is switched on.
 */
export function* generateRecordBatches<O extends SyntheticObjectName>(options: SyntheticDataOptions & { object: O }): Generator<SyntheticRecordByObject[O][], void, undefined> {
  const resolved = resolveSyntheticOptions(options) as ResolvedSyntheticOptions & { object: O };
  const factory = createFactory(resolved);
  const duplicates = createDuplicateRows(resolved.seed, resolved.quirks, factory);
  let batch: SyntheticRecordByObject[O][] = [];
  let nextIndex = 0;
  for (let row = 0; row < resolved.rows; row++) {
    const record = duplicates.repeat() ?? factory.create(nextIndex++);
    duplicates.remember(record);
    batch.push(record);
    if (batch.length === resolved.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
