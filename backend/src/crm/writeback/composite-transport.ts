import type { Connection } from 'jsforce';
import { z } from 'zod';
import { withRetries, type RetryPolicy } from '../sync/retry.ts';
import { outcomeOfSaveResult, type WriteOutcome } from './write-outcomes.ts';

/** sObject Collections take at most 200 records per request. */
export const COLLECTION_LIMIT = 200;

const saveResultsSchema = z.array(
  z.object({
    id: z.string().nullish(),
    success: z.boolean(),
    errors: z.array(z.object({ statusCode: z.string().optional(), errorCode: z.string().optional(), message: z.string() })).default([]),
  }),
);

/** A record to update: its Id and the field values to set. */
export type RecordUpdate = { Id: string } & Record<string, string | number | null>;

/**
 * Updates up to 200 records in one sObject Collections request (`PATCH .../composite/sobjects`
 * with `allOrNone: false`, through jsforce), so that each record succeeds or fails on its own.
 * Salesforce answers one result per record in the order sent, which is how results are matched
 * (a result's `id` is missing when the id sent was malformed). Rate limits, server errors and
 * dropped connections are retried; setting the same values twice is harmless.
 */
export async function updateRecordCollection(connection: Connection, object: string, records: readonly RecordUpdate[], options: { policy: RetryPolicy; signal: AbortSignal }): Promise<WriteOutcome[]> {
  if (records.length > COLLECTION_LIMIT) throw new Error(`At most ${COLLECTION_LIMIT} records go in one sObject Collections request, not ${records.length}`);
  const answer = await withRetries(() => connection.sobject(object).update([...records], { allOrNone: false }), options);
  const results = saveResultsSchema.parse(answer);
  if (results.length !== records.length) throw new Error(`Salesforce answered ${results.length} results for ${records.length} records sent`);
  return results.map((result, index) => outcomeOfSaveResult(records[index]!.Id, result));
}
