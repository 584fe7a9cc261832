import assert from 'node:assert/strict';
import { ModstampIndex } from './modstamp-index.ts';
import { formatSalesforceDateTime, normalizeDateTime, parseDateTime } from './salesforce-datetime.ts';
import { createIdGenerator, normalizeId } from './salesforce-ids.ts';
import { leadObject, LEAD_FIELDS } from './stand-in-test-fixtures.ts';
import { createStandInStore, loadOrgStore } from './stand-in-store.ts';

describe('Salesforce stand-in: ids, datetimes and the record store', () => {
  it('should turn 15-character ids into Salesforce’s 18-character form', () => {
    assert.equal(normalizeId('001D000000IqhSL'), '001D000000IqhSLIAZ');
    assert.equal(normalizeId('001D000000IqhSLIAZ'), '001D000000IqhSLIAZ');
    assert.equal(normalizeId('00Q-bad'), undefined);
    const next = createIdGenerator('00Q', (id) => id === normalizeId('00Q5S0000000001'));
    assert.equal(next(), normalizeId('00Q5S0000000002'), 'an id already taken is skipped');
  });

  it('should read ISO datetimes with any offset and write Salesforce’s +0000 form', () => {
    assert.equal(normalizeDateTime('2024-05-01T09:30:00Z'), '2024-05-01T09:30:00.000+0000');
    assert.equal(normalizeDateTime('2024-05-01T11:30:00.123+02:00'), '2024-05-01T09:30:00.123+0000');
    assert.equal(normalizeDateTime('2024-05-01T09:30:00.000+0000'), '2024-05-01T09:30:00.000+0000');
    assert.equal(parseDateTime('2024-05-01'), undefined);
    assert.equal(formatSalesforceDateTime(0), '1970-01-01T00:00:00.000+0000');
  });

  it('should keep the modstamp index ordered through inserts and removals', () => {
    const record = (stamp: number, id: string) => ({ Id: id, SystemModstamp: formatSalesforceDateTime(stamp) });
    const index = ModstampIndex.from([record(3, 'b'), record(1, 'z'), record(3, 'a')]);
    assert.deepEqual([0, 1, 2].map((position) => index.at(position)!.Id), ['z', 'a', 'b']);
    const moved = record(2, 'm');
    index.insert(moved);
    index.remove(index.at(0)!);
    assert.deepEqual([0, 1, 2].map((position) => index.at(position)!.Id), ['m', 'a', 'b']);
    assert.equal(index.lowerBound(formatSalesforceDateTime(3)), 1);
    assert.equal(index.lowerBound(formatSalesforceDateTime(3), true), 3);
  });

  it('should fill in ids, flags and timestamps, and stamp each change', () => {
    let now = Date.parse('2026-01-02T03:04:05.678Z');
    const store = createStandInStore(loadOrgStore({ Lead: leadObject(3, Date.parse('2026-01-01T00:00:00Z')) }, () => new Date(now)));
    const inserted = store.insert('Lead', { LastName: 'New', Company: 'Acme', Status: 'Open - Not Contacted' });
    assert.match(inserted.Id as string, /^00Q[A-Za-z0-9]{15}$/);
    assert.equal(inserted.IsDeleted, false);
    assert.equal(inserted.SystemModstamp, '2026-01-02T03:04:05.000+0000', 'stamped to the second');
    now += 2_000;
    const updated = store.update('Lead', inserted.Id as string, { Company: 'Globex', IsConverted: true });
    assert.equal(updated.SystemModstamp, '2026-01-02T03:04:07.000+0000');
    assert.equal(updated.CreatedDate, inserted.CreatedDate);
    const chosen = store.update('Lead', inserted.Id as string, { SystemModstamp: '2026-01-01T00:00:00Z' });
    assert.equal(chosen.SystemModstamp, '2026-01-01T00:00:00.000+0000', 'the harness may set SystemModstamp itself');
    store.delete('Lead', inserted.Id as string);
    assert.equal(store.count('Lead'), 3);
    assert.equal(store.count('Lead', { includeDeleted: true }), 4);
    assert.equal(store.get('Lead', inserted.Id as string)!.IsDeleted, true);
    assert.throws(() => store.update('Lead', inserted.Id as string, { Company: 'x' }), /no live record/);
    assert.throws(() => store.insert('Lead', { LastName: 'x', Company: 'y', Status: 'Open - Not Contacted', Unknown__c: 1 }), /Lead has no field Unknown__c/);
  });

  it('should refuse fixtures that could not exist in Salesforce', () => {
    const clock = () => new Date();
    assert.throws(() => loadOrgStore({ Lead: { fields: LEAD_FIELDS, records: [{ LastName: 'x', Company: 'y', Status: 'Open - Not Contacted', AnnualRevenue: 'lots' }] } }, clock), /INVALID_TYPE_ON_FIELD_IN_RECORD/);
    assert.throws(() => loadOrgStore({ Lead: { fields: [{ name: 'AccountId', type: 'reference' }] } }, clock), /needs referenceTo/);
    assert.throws(() => loadOrgStore({ Lead: { fields: [{ name: 'SystemModstamp', type: 'string' }] } }, clock), /must have type datetime/);
    const duplicate = { Id: '00Q000000000001AAA', LastName: 'x', Company: 'y', Status: 'Open - Not Contacted' };
    assert.throws(() => loadOrgStore({ Lead: { fields: LEAD_FIELDS, records: [duplicate, duplicate] } }, clock), /two records with Id/);
  });
});
