import {
  createAccountSource,
  DEFAULT_AS_OF,
  describeSyntheticObject,
  generateRecordBatches,
  resolveSyntheticOptions,
  toSalesforceJson,
  type SyntheticDataOptions,
} from '../../synthetic/index.ts';
import { SCORE_FIELDS } from './score-fields.ts';
import type { SalesforceRecordValues, StandInFieldDefinition, StandInObjectDefinition } from './stand-in-options.ts';

export interface SyntheticOrgOptions {
  leads: number;
  opportunities: number;
  seed: number;
}

/**
 * Leads, opportunities and their accounts from the synthetic generator, shaped for the stand-in:
 * what the demo's Salesforce org holds. An org keeps each Id once, so the generator's duplicate-row
 * flaws are off; every cell flaw (placeholders, typos, missing values) stays on.
 */
export function syntheticOrgObjects({ leads, opportunities, seed }: SyntheticOrgOptions): Record<string, StandInObjectDefinition> {
  // Records are dated before "as of"; in the past, so that a sync (which reads up to now) sees them all.
  const asOf = new Date(Math.min(Date.parse(DEFAULT_AS_OF), Date.now() - 86_400_000));
  const quirks = { exactDuplicates: 0, duplicateIds: 0 };
  const leadOptions: SyntheticDataOptions & { object: 'Lead' } = { object: 'Lead', rows: leads, seed, asOf, quirks };
  const opportunityOptions: SyntheticDataOptions & { object: 'Opportunity' } = { object: 'Opportunity', rows: opportunities, seed: seed + 1, asOf, quirks };
  const resolvedOpportunities = resolveSyntheticOptions(opportunityOptions);

  function* leadRecords(): Generator<SalesforceRecordValues> {
    for (const batch of generateRecordBatches(leadOptions)) for (const record of batch) yield toSalesforceJson(record) as SalesforceRecordValues;
  }
  function* opportunityRecords(): Generator<SalesforceRecordValues> {
    for (const batch of generateRecordBatches(opportunityOptions)) {
      for (const record of batch) {
        // The Account fields live on the Account records; the stand-in joins them through AccountId.
        const { Account: _account, ...own } = toSalesforceJson(record) as Record<string, unknown>;
        yield own as SalesforceRecordValues;
      }
    }
  }
  function* accountRecords(): Generator<SalesforceRecordValues> {
    const accounts = createAccountSource(resolvedOpportunities);
    for (let index = 0; index < resolvedOpportunities.accounts; index += 1) {
      const { account, shown } = accounts(index);
      yield { Id: account.Id, Name: account.Name, ...shown };
    }
  }
  const fields = (object: 'Lead' | 'Opportunity' | 'Account') => describeSyntheticObject(object, resolvedOpportunities.quirks).fields as unknown as readonly StandInFieldDefinition[];
  return {
    // The demo org's admin has created the score fields on the two scored objects, as the write-back needs.
    Lead: { fields: [...fields('Lead'), ...SCORE_FIELDS], records: leadRecords() },
    Account: { fields: fields('Account'), records: accountRecords() },
    Opportunity: { fields: [...fields('Opportunity'), ...SCORE_FIELDS], records: opportunityRecords() },
  };
}
