import type { Db } from '../../src/db/client.ts';
import type { DatasetRow } from '../../src/db/schema/index.ts';
import { importTable } from '../../src/datasets/datasets.service.ts';
import { OUTCOME_FIELDS, syntheticTableStream, TRUE_PROBABILITY_FIELD } from '../../src/synthetic/index.ts';

/** Columns a lead-conversion model must not read: the other outcome fields and the generator's true probability. */
export const LEAD_LEAKAGE_COLUMNS = Object.freeze([...OUTCOME_FIELDS.Lead.filter((field) => field !== 'IsConverted'), TRUE_PROBABILITY_FIELD]);

/** Imports generated CRM records as a dataset, as a test's starting data. */
export async function importSyntheticDataset(
  db: Db,
  workspaceId: string,
  { object = 'Lead', rows, seed, name = 'leads', source = 'generated' }: { object?: 'Lead' | 'Opportunity'; rows: number; seed: number; name?: string; source?: 'generated' | 'file' },
): Promise<DatasetRow> {
  const { dataset } = await importTable(db, { workspaceId, name, source, origin: {}, createdByUserId: null, table: syntheticTableStream({ object, rows, seed }) });
  return dataset;
}
