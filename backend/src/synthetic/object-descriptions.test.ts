import assert from 'node:assert/strict';
import { SALESFORCE_FIELD_TYPES } from './field-description.ts';
import { generateRecordBatches } from './generate-records.ts';
import { describeSyntheticObject, OPPORTUNITY_ACCOUNT_COLUMNS, syntheticColumns } from './object-descriptions.ts';
import { DEFAULT_QUIRKS, NO_QUIRKS } from './quirk-options.ts';
import { toSalesforceJson } from './salesforce-json.ts';
import type { SalesforceValue } from './synthetic-records.ts';

const VALUE_CHECKS: Readonly<Record<(typeof SALESFORCE_FIELD_TYPES)[number], (value: SalesforceValue) => boolean>> = Object.freeze({
  id: (value) => typeof value === 'string' && value.length === 18,
  reference: (value) => typeof value === 'string' && value.length === 18,
  string: (value) => typeof value === 'string',
  picklist: (value) => typeof value === 'string',
  email: (value) => typeof value === 'string' && value.includes('@'),
  currency: (value) => typeof value === 'number',
  double: (value) => typeof value === 'number',
  int: (value) => Number.isInteger(value),
  percent: (value) => typeof value === 'number' && value >= 0 && value <= 100,
  boolean: (value) => typeof value === 'boolean',
  date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value),
  datetime: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/.test(value),
});

describe('synthetic object descriptions', () => {
  for (const object of ['Lead', 'Opportunity'] as const) {
    it(`should describe every ${object} field with a value of its Salesforce type`, () => {
      const quirks = { ...DEFAULT_QUIRKS, leakageColumn: true };
      const description = describeSyntheticObject(object, quirks);
      const relationshipColumns = object === 'Opportunity' ? OPPORTUNITY_ACCOUNT_COLUMNS : [];
      const records = [...generateRecordBatches({ object, rows: 2000, quirks: { leakageColumn: true } })].flat();
      const columns = syntheticColumns(object, quirks);
      assert.deepEqual(Object.keys(records[0]!).filter((key) => key !== '__trueProbability').sort(), [...columns].sort());
      for (const field of [...description.fields, ...relationshipColumns.map((each) => ({ ...each.field, name: each.column }))]) {
        assert.ok(SALESFORCE_FIELD_TYPES.includes(field.type));
        const values = records.map((record) => (record as unknown as Record<string, SalesforceValue>)[field.name]);
        assert.ok(values.some((value) => value !== null), `${field.name} is filled somewhere`);
        for (const value of values) {
          if (value === null) assert.ok(field.nillable, `${field.name} is not nillable but null`);
          else assert.ok(value !== undefined && VALUE_CHECKS[field.type](value), `${field.name} (${field.type}) holds ${JSON.stringify(value)}`);
        }
      }
    });
  }

  it('should list picklist values, references and custom fields as describe does', () => {
    const lead = describeSyntheticObject('Lead', DEFAULT_QUIRKS);
    assert.equal(lead.keyPrefix, '00Q');
    assert.deepEqual(lead.fields.find((field) => field.name === 'LeadSource')?.picklistValues, [
      'Web',
      'Phone Inquiry',
      'Partner Referral',
      'Purchased List',
      'Trade Show',
      'Word of mouth',
      'Other',
    ]);
    assert.deepEqual(lead.fields.find((field) => field.name === 'Rating')?.picklistValues, ['Hot', 'Warm', 'Cold']);
    assert.deepEqual(
      lead.fields.filter((field) => field.custom).map((field) => field.name),
      ['Email_Opens__c', 'Web_Visits__c'],
    );
    const accountId = describeSyntheticObject('Opportunity', DEFAULT_QUIRKS).fields.find((field) => field.name === 'AccountId');
    assert.deepEqual([accountId?.type, accountId?.referenceTo, accountId?.relationshipName], ['reference', ['Account'], 'Account']);
    assert.deepEqual(
      describeSyntheticObject('Account', DEFAULT_QUIRKS).fields.map((field) => field.name),
      ['Id', 'Name', 'Industry', 'AnnualRevenue', 'NumberOfEmployees'],
    );
  });

  it('should describe the fields that flaws add only when those flaws are on', () => {
    const names = (quirks: typeof DEFAULT_QUIRKS) => describeSyntheticObject('Lead', quirks).fields.map((field) => field.name);
    assert.ok(!names(NO_QUIRKS).some((name) => ['CurrencyIsoCode', 'HasOptedOutOfEmail', 'Converted_Date__c'].includes(name)));
    assert.ok(['CurrencyIsoCode', 'HasOptedOutOfEmail', 'Converted_Date__c'].every((name) => names({ ...DEFAULT_QUIRKS, leakageColumn: true }).includes(name)));
    assert.ok(describeSyntheticObject('Opportunity', { ...NO_QUIRKS, leakageColumn: true }).fields.some((field) => field.name === 'Contract_Signed__c'));
  });

  it('should nest relationship fields and drop the true probability for Salesforce JSON', () => {
    const [opportunity] = [...generateRecordBatches({ object: 'Opportunity', rows: 1, quirks: false })].flat();
    const json = toSalesforceJson(opportunity!);
    assert.deepEqual(json.Account, {
      Industry: opportunity!['Account.Industry'],
      AnnualRevenue: opportunity!['Account.AnnualRevenue'],
      NumberOfEmployees: opportunity!['Account.NumberOfEmployees'],
    });
    assert.equal(json.Id, opportunity!.Id);
    assert.ok(!('__trueProbability' in json) && !('Account.Industry' in json));
  });

  it('should return empty-string placeholders as null, as Salesforce does', () => {
    const leads = [...generateRecordBatches({ object: 'Lead', rows: 3000, quirks: { placeholders: 0.5, placeholderValues: [''] } })].flat();
    const withEmptyTitle = leads.find((lead) => lead.Title === '');
    assert.ok(withEmptyTitle);
    assert.equal(toSalesforceJson(withEmptyTitle).Title, null);
  });
});
