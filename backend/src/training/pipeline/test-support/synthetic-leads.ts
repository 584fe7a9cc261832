import type { DatasetProfile } from '@scorebridge/shared';
import type { TableStream } from '../../../datasets/table.ts';
import { profileTable } from '../../../datasets/profile/index.ts';
import { DEFAULT_QUIRKS, OUTCOME_FIELDS, syntheticColumns, syntheticTableStream, TRUE_PROBABILITY_FIELD } from '../../../synthetic/index.ts';

export const LEAD_TARGET = 'IsConverted';
/** Fields that reveal the outcome: the other outcome fields, the conversion date (a quirk column), the planted truth. */
export const LEAD_LEAKS = [...OUTCOME_FIELDS.Lead.filter((field) => field !== LEAD_TARGET), 'ConvertedDate', 'Converted_Date__c', TRUE_PROBABILITY_FIELD];

export interface SyntheticLeads {
  read: () => TableStream;
  profile: DatasetProfile;
  exclude: string[];
}

/** Generated leads (default quirks) with the true probability carried along as a column, profiled. */
export async function syntheticLeads(rows: number, seed: number): Promise<SyntheticLeads> {
  const columns = [...syntheticColumns('Lead', DEFAULT_QUIRKS), TRUE_PROBABILITY_FIELD];
  const read = () => syntheticTableStream({ object: 'Lead', rows, seed }, { columns });
  const profile = await profileTable(read());
  return { read, profile, exclude: LEAD_LEAKS.filter((field) => columns.includes(field)) };
}
