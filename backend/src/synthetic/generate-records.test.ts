import assert from 'node:assert/strict';
import { generateRecordBatches } from './generate-records.ts';
import { INDUSTRIES, LEAD_SOURCES, OPPORTUNITY_STAGES, RATINGS } from './picklists.ts';
import { MS_PER_DAY } from './salesforce-format.ts';
import type { SyntheticDataOptions, SyntheticObjectName } from './synthetic-options.ts';
import type { SyntheticRecordByObject } from './synthetic-records.ts';

const AS_OF = '2025-01-15T00:00:00.000Z';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function allRecords<O extends SyntheticObjectName>(options: SyntheticDataOptions & { object: O }): SyntheticRecordByObject[O][] {
  return [...generateRecordBatches(options)].flat();
}

function epochMs(salesforceDateTime: string): number {
  return Date.parse(salesforceDateTime.replace('+0000', 'Z'));
}

describe('synthetic record generation', () => {
  it('should produce exactly the requested rows in batches of at most the batch size', () => {
    for (const [rows, batchSize] of [
      [100, 5000],
      [1234, 100],
      [1000, 1000],
    ] as const) {
      const batches = [...generateRecordBatches({ object: 'Lead', rows, batchSize })];
      assert.equal(batches.reduce((sum, batch) => sum + batch.length, 0), rows);
      assert.ok(batches.every((batch) => batch.length > 0 && batch.length <= batchSize));
      assert.equal(batches.length, Math.ceil(rows / batchSize));
    }
  });

  it('should produce the same records for the same seed and different ones for another seed', () => {
    for (const object of ['Lead', 'Opportunity'] as const) {
      const first = allRecords({ object, rows: 500, seed: 11 });
      assert.deepEqual(allRecords({ object, rows: 500, seed: 11 }), first);
      const other = allRecords({ object, rows: 500, seed: 12 });
      assert.equal(
        other.filter((record, index) => record.Id === first[index]?.Id || record.__trueProbability === first[index]?.__trueProbability).length,
        0,
      );
    }
  });

  it('should not depend on the batch size', () => {
    assert.deepEqual(allRecords({ object: 'Opportunity', rows: 777, batchSize: 50, accounts: 200 }), allRecords({ object: 'Opportunity', rows: 777, batchSize: 5000, accounts: 200 }));
  });

  it('should keep every value and outcome of a record when flaws are switched off', () => {
    const clean = allRecords({ object: 'Lead', rows: 2000, quirks: false });
    const flawed = allRecords({ object: 'Lead', rows: 2000, quirks: { exactDuplicates: 0, duplicateIds: 0 } });
    assert.deepEqual(
      flawed.map((lead) => [lead.Id, lead.IsConverted, lead.__trueProbability, lead.CreatedDate, lead.Company]),
      clean.map((lead) => [lead.Id, lead.IsConverted, lead.__trueProbability, lead.CreatedDate, lead.Company]),
    );
  });

  it('should give leads unique Salesforce ids and values of Salesforce JSON types', () => {
    const asOfMs = Date.parse(AS_OF);
    const leads = allRecords({ object: 'Lead', rows: 3000, asOf: AS_OF, historyDays: 365, quirks: false });
    assert.equal(new Set(leads.map((lead) => lead.Id)).size, leads.length);
    for (const lead of leads) {
      assert.match(lead.Id, /^00Q[0-9A-Za-z]{15}$/);
      assert.ok(LEAD_SOURCES.includes(lead.LeadSource as never) && INDUSTRIES.includes(lead.Industry as never) && RATINGS.includes(lead.Rating as never));
      assert.ok(Number.isInteger(lead.NumberOfEmployees) && typeof lead.AnnualRevenue === 'number');
      assert.ok(Number.isInteger(lead.Email_Opens__c) && Number.isInteger(lead.Web_Visits__c));
      assert.equal(typeof lead.IsConverted, 'boolean');
      assert.equal(lead.Status === 'Closed - Converted', lead.IsConverted);
      assert.match(lead.Email ?? '', /^[a-z0-9.]+@[a-z0-9.]+$/);
      assert.match(lead.CreatedDate, DATE_TIME);
      assert.match(lead.SystemModstamp, DATE_TIME);
      const created = epochMs(lead.CreatedDate);
      assert.ok(created <= asOfMs && created >= asOfMs - 365 * MS_PER_DAY);
      assert.ok(created <= epochMs(lead.SystemModstamp) && epochMs(lead.SystemModstamp) <= asOfMs);
      if (lead.LastActivityDate !== null) {
        assert.match(lead.LastActivityDate, DATE);
        assert.ok(lead.LastActivityDate >= lead.CreatedDate.slice(0, 10) && lead.LastActivityDate <= AS_OF.slice(0, 10));
      }
      assert.ok(lead.__trueProbability > 0 && lead.__trueProbability < 1);
    }
    assert.ok(leads.some((lead) => lead.State === null) && leads.some((lead) => lead.State !== null), 'State is filled only for some countries');
  });

  it('should close opportunities whose close date has passed and leave the others open without an outcome', () => {
    const asOfMs = Date.parse(AS_OF);
    const opportunities = allRecords({ object: 'Opportunity', rows: 3000, asOf: AS_OF, quirks: false });
    const open = opportunities.filter((opportunity) => !opportunity.IsClosed);
    assert.ok(open.length > 100 && open.length < 1000, `${open.length} open`);
    for (const opportunity of opportunities) {
      assert.match(opportunity.Id, /^006[0-9A-Za-z]{15}$/);
      assert.match(opportunity.AccountId, /^001[0-9A-Za-z]{15}$/);
      assert.match(opportunity.CloseDate, DATE);
      const stage = OPPORTUNITY_STAGES[opportunity.StageName as keyof typeof OPPORTUNITY_STAGES];
      assert.ok(stage, opportunity.StageName);
      assert.equal(opportunity.Probability, stage.probability);
      assert.equal(opportunity.ForecastCategoryName, stage.forecastCategory);
      assert.equal(opportunity.IsClosed, stage.isClosed);
      assert.equal(opportunity.IsWon, opportunity.StageName === 'Closed Won');
      assert.ok(opportunity.CloseDate > opportunity.CreatedDate.slice(0, 10));
      assert.equal(opportunity.IsClosed, opportunity.CloseDate < AS_OF.slice(0, 10), `${opportunity.CloseDate} ${opportunity.IsClosed}`);
      assert.ok(epochMs(opportunity.SystemModstamp) <= asOfMs);
      assert.ok(typeof opportunity.Amount === 'number' && opportunity.Amount >= 500);
    }
  });

  it('should show the same Account fields on every opportunity of an account', () => {
    const opportunities = allRecords({ object: 'Opportunity', rows: 3000, accounts: 300 });
    const accounts = new Map<string, string>();
    for (const opportunity of opportunities) {
      const fields = JSON.stringify([opportunity['Account.Industry'], opportunity['Account.AnnualRevenue'], opportunity['Account.NumberOfEmployees']]);
      assert.equal(accounts.get(opportunity.AccountId) ?? fields, fields, opportunity.AccountId);
      accounts.set(opportunity.AccountId, fields);
    }
    assert.ok(accounts.size > 250 && accounts.size <= 300, `${accounts.size} accounts`);
  });

  it('should reject options out of range, naming the option', () => {
    assert.throws(() => generateRecordBatches({ object: 'Lead', rows: 0 }).next(), /rows/);
    assert.throws(() => generateRecordBatches({ object: 'Lead', rows: 10, asOf: 'yesterday' }).next(), /asOf/);
    assert.throws(() => generateRecordBatches({ object: 'Lead', rows: 10, quirks: { missingValues: 0.6, placeholders: 0.6 } }).next(), /add up to at most 1/);
  });
});
