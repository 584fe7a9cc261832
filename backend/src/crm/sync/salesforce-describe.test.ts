import assert from 'node:assert/strict';
import { selectSyncFields, type DescribeResult } from './salesforce-describe.ts';

describe('sync field selection', () => {
  const lead: DescribeResult = {
    name: 'Lead',
    fields: ['Id', 'SystemModstamp', 'IsDeleted', 'Company', 'Scorebridge_Score__c', 'Scorebridge_Reasons__c'].map((name) => ({ name, type: 'string' })),
  };

  it('should leave Scorebridge’s own score fields out by default, so models never learn from their own scores', () => {
    assert.deepEqual(selectSyncFields(lead, undefined), ['Id', 'SystemModstamp', 'IsDeleted', 'Company']);
  });

  it('should still sync them when they are asked for by name', () => {
    assert.deepEqual(selectSyncFields(lead, ['Scorebridge_Score__c']), ['Id', 'SystemModstamp', 'IsDeleted', 'Scorebridge_Score__c']);
  });
});
