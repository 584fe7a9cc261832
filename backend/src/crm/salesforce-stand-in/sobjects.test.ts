import assert from 'node:assert/strict';
import type { Connection, SaveResult } from 'jsforce';
import { ACCOUNT_FIELDS, connect, firstStatusCode, leadObject, OPPORTUNITY_FIELDS, rawRequest, rejection } from './stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './start-stand-in.ts';

type Lead = { Id: string; Status: string; Score__c: number | null; SystemModstamp: string };

describe('Salesforce stand-in: describe, records and composite updates', () => {
  let now = Date.now();
  let standIn: SalesforceStandIn;
  let conn: Connection;
  let leadIds: string[];

  before(async () => {
    standIn = await startSalesforceStandIn({
      clientId: 'test-client',
      clock: () => new Date(now),
      objects: {
        Lead: leadObject(450, now - 3 * 86_400_000),
        Account: { fields: ACCOUNT_FIELDS },
        Opportunity: { fields: OPPORTUNITY_FIELDS },
      },
    });
    conn = connect(standIn);
    leadIds = [...standIn.store.records('Lead')].map((record) => record.Id as string);
  });
  after(async () => {
    await standIn.close();
  });
  beforeEach(() => {
    standIn.faults.clear();
    standIn.requestLog.clear();
  });

  it('should describe an object’s fields with the attributes a sync types columns by', async () => {
    const describe = await conn.describe('Lead');
    assert.equal(describe.name, 'Lead');
    assert.equal(describe.keyPrefix, '00Q');
    const byName = new Map(describe.fields.map((field) => [field.name, field]));
    for (const name of ['Id', 'IsDeleted', 'SystemModstamp', 'CreatedDate', 'LastModifiedDate', 'Status', 'Score__c']) assert.ok(byName.has(name), name);
    const status = byName.get('Status')!;
    assert.equal(status.type, 'picklist');
    assert.equal(status.nillable, false);
    assert.equal(status.restrictedPicklist, true);
    assert.deepEqual(status.picklistValues?.[0], { active: true, defaultValue: false, label: 'Open - Not Contacted', validFor: null, value: 'Open - Not Contacted' });
    assert.equal(byName.get('Score__c')!.custom, true);
    assert.equal(byName.get('Score__c')!.updateable, true);
    assert.equal(byName.get('SystemModstamp')!.updateable, false);
    assert.equal(byName.get('IsConverted')!.updateable, false);
    const opportunity = await conn.describe('opportunity');
    const account = opportunity.fields.find((field) => field.name === 'AccountId')!;
    assert.equal(account.type, 'reference');
    assert.deepEqual(account.referenceTo, ['Account']);
    assert.equal(account.relationshipName, 'Account');
    const global = await conn.describeGlobal();
    assert.deepEqual(global.sobjects.map((object) => object.name), ['Lead', 'Account', 'Opportunity']);
    assert.equal((await rejection(conn.describe('Contract'))).errorCode, 'NOT_FOUND');
  });

  it('should list the API versions without a session, as Salesforce does', async () => {
    const response = await fetch(`${standIn.instanceUrl}/services/data`);
    const versions = (await response.json()) as { label: string; url: string; version: string }[];
    assert.deepEqual(versions.find((version) => version.version === '62.0'), { label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const unknown = await rawRequest(standIn, '/services/data/v19.0/sobjects');
    assert.equal(unknown.status, 404);
    const resources = (await (await rawRequest(standIn, '/services/data/v62.0')).json()) as Record<string, string>;
    assert.equal(resources.query, '/services/data/v62.0/query');
    assert.equal(resources.identity, `${standIn.loginUrl}/id/${standIn.orgId}/${standIn.userId}`);
    const limits = await conn.limits();
    assert.equal(limits.DailyApiRequests?.Max, 1_000_000);
  });

  it('should read a record and update it with PATCH, stamping SystemModstamp', async () => {
    const id = leadIds[0]!;
    const before = await conn.sobject('Lead').retrieve(id);
    assert.equal(before.Id, id);
    now += 5_000;
    const saved = await conn.sobject('Lead').update({ Id: id, Score__c: 87.5, Status: 'Working - Contacted' });
    assert.deepEqual(saved, { id, success: true, errors: [] });
    const after = (await conn.sobject('Lead').retrieve(id)) as unknown as Lead;
    assert.equal(after.Score__c, 87.5);
    assert.ok(after.SystemModstamp > (before as unknown as Lead).SystemModstamp);
    assert.match(after.SystemModstamp, /\.000\+0000$/, 'Salesforce keeps timestamps to the second');
    const partial = await rawRequest(standIn, `/services/data/v62.0/sobjects/Lead/${id}?fields=Score__c,Status`);
    assert.deepEqual(Object.keys((await partial.json()) as object), ['attributes', 'Score__c', 'Status']);
    const fifteen = await conn.sobject('Lead').retrieve(id.slice(0, 15));
    assert.equal(fifteen.Id, id, 'a 15-character id finds the record and comes back in 18 characters');
  });

  it('should refuse invalid single-record updates with Salesforce’s error codes', async () => {
    const id = leadIds[1]!;
    const picklist = await rejection(conn.sobject('Lead').update({ Id: id, Status: 'Maybe' }));
    assert.equal(picklist.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    assert.equal((await rejection(conn.sobject('Lead').update({ Id: id, IsConverted: true }))).errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.equal((await rejection(conn.sobject('Lead').update({ Id: id, Bogus__c: 1 }))).errorCode, 'INVALID_FIELD');
    assert.equal((await rejection(conn.sobject('Lead').update({ Id: id, Score__c: 'high' }))).errorCode, 'INVALID_TYPE_ON_FIELD_IN_RECORD');
    assert.equal((await rejection(conn.sobject('Lead').update({ Id: id, Grade__c: 'AB' }))).errorCode, 'STRING_TOO_LONG');
    assert.equal((await rejection(conn.sobject('Lead').update({ Id: id, LastName: null }))).errorCode, 'REQUIRED_FIELD_MISSING');
    standIn.store.delete('Lead', leadIds[2]!);
    const gone = await rawRequest(standIn, `/services/data/v62.0/sobjects/Lead/${leadIds[2]!}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"Score__c": 1}' });
    assert.equal(gone.status, 404);
    assert.deepEqual(await gone.json(), [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
    assert.equal((await rejection(conn.sobject('Lead').retrieve(leadIds[2]!))).errorCode, 'NOT_FOUND');
    const response = await rawRequest(standIn, `/services/data/v62.0/sobjects/Lead/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"Status": ' });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { errorCode: string }[])[0]!.errorCode, 'JSON_PARSER_ERROR');
  });

  it('should update up to 200 records in one composite call, reporting each record', async () => {
    standIn.store.delete('Lead', leadIds[12]!);
    const records = leadIds.slice(10, 20).map((Id, index) => ({ Id, Score__c: index, ...(index === 3 ? { Status: 'Not a status' } : {}) }));
    const results = (await conn.sobject('Lead').update(records)) as SaveResult[];
    assert.equal(results.length, 10);
    assert.deepEqual(results[2], { id: leadIds[12], success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] });
    assert.deepEqual(results[3], {
      id: leadIds[13],
      success: false,
      errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Status: bad value for restricted picklist field: Not a status', fields: ['Status'] }],
    });
    assert.deepEqual(results.filter((result) => result.success).length, 8);
    assert.equal(standIn.store.get('Lead', leadIds[14]!)!.Score__c, 4);
    assert.equal(standIn.requestLog.entries()[0]!.method, 'PATCH');
    assert.equal(standIn.requestLog.entries()[0]!.path, '/services/data/v62.0/composite/sobjects');
  });

  it('should fail a configured share of composite records when that fault is set', async () => {
    standIn.faults.add({ kind: 'recordFailures', fraction: 0.25, path: '/composite/sobjects' });
    const records = leadIds.slice(100, 300).map((Id) => ({ Id, Score__c: 1 }));
    const results = (await conn.sobject('Lead').update(records)) as SaveResult[];
    const failures = results.filter((result) => !result.success);
    assert.equal(failures.length, 50);
    for (const failure of failures) {
      assert.equal(firstStatusCode(failure), 'UNABLE_TO_LOCK_ROW');
      assert.notEqual(standIn.store.get('Lead', failure.id!)!.Score__c, 1, 'a failed record is not written');
    }
    const again = (await conn.sobject('Lead').update(records.slice(0, 8))) as SaveResult[];
    assert.equal(again.filter((result) => !result.success).length, 2, 'the fault stays until removed');
  });

  it('should fail exactly the records a recordFailures fault lists, with its error, in every request they come in', async () => {
    const listed = [leadIds[401]!, leadIds[405]!.slice(0, 15)];
    standIn.faults.add({ kind: 'recordFailures', ids: listed, statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Scores are frozen in review', path: '/composite/sobjects' });
    const results = (await conn.sobject('Lead').update(leadIds.slice(400, 410).map((Id) => ({ Id, Score__c: 5 })))) as SaveResult[];
    assert.deepEqual(
      results.flatMap((result, index) => (result.success ? [] : [index])),
      [1, 5],
    );
    assert.deepEqual(results[1], { id: leadIds[401], success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: `Scores are frozen in review: ${leadIds[401]}`, fields: [] }] });
    assert.equal(standIn.store.get('Lead', leadIds[400]!)!.Score__c, 5);
    const again = (await conn.sobject('Lead').update([{ Id: leadIds[405]!, Score__c: 6 }])) as SaveResult[];
    assert.equal(firstStatusCode(again[0]!), 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
  });

  it('should roll everything back under allOrNone when one record fails', async () => {
    const records = leadIds.slice(300, 305).map((Id, index) => ({ Id, Score__c: 42, ...(index === 4 ? { Status: 'Nope' } : {}) }));
    const results = (await conn.sobject('Lead').update(records, { allOrNone: true })) as SaveResult[];
    assert.ok(results.every((result) => !result.success));
    assert.equal(firstStatusCode(results[0]!), 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    assert.ok(leadIds.slice(300, 305).every((id) => standIn.store.get('Lead', id)!.Score__c !== 42));
  });

  it('should refuse more than 200 records and report malformed ids per record', async () => {
    const tooMany = leadIds.slice(0, 201).map((Id) => ({ id: Id, attributes: { type: 'Lead' }, Score__c: 1 }));
    const response = await rawRequest(standIn, '/services/data/v62.0/composite/sobjects', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: tooMany }) });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { errorCode: string }[])[0]!.errorCode, 'EXCEEDED_ID_LIMIT');
    const [malformed] = (await conn.sobject('Lead').update([{ Id: 'not-an-id', Score__c: 1 }])) as SaveResult[];
    assert.equal(malformed!.success, false);
    assert.equal(firstStatusCode(malformed!), 'MALFORMED_ID');
  });

  it('should retrieve several records by id through sObject Collections', async () => {
    const found = await conn.sobject('Lead').retrieve([leadIds[400]!, '00Q000000000000AAA'], { fields: ['LastName', 'Status'] });
    assert.equal(found.length, 2);
    assert.deepEqual(Object.keys(found[0]!), ['attributes', 'LastName', 'Status']);
    assert.equal(found[1], null);
  });

  it('should list updated and deleted ids for a window, as the replication resources do', async () => {
    const windowStart = new Date(now + 60_000);
    now += 120_000;
    standIn.store.update('Lead', leadIds[420]!, { Score__c: 3 });
    standIn.store.update('Lead', leadIds[421]!, { Score__c: 4 });
    standIn.store.delete('Lead', leadIds[422]!);
    now += 120_000;
    const windowEnd = new Date(now);
    const updated = await conn.sobject('Lead').updated(windowStart, windowEnd);
    assert.deepEqual([...updated.ids].sort(), [leadIds[420], leadIds[421]].sort());
    assert.equal(updated.latestDateCovered, new Date(Math.floor(now / 60_000) * 60_000).toISOString().replace('Z', '+0000'));
    const deleted = await conn.sobject('Lead').deleted(windowStart, windowEnd);
    assert.equal(deleted.deletedRecords.length, 1);
    assert.equal(deleted.deletedRecords[0]!.id, leadIds[422]);
    assert.match(deleted.deletedRecords[0]!.deletedDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
    assert.ok(deleted.earliestDateAvailable);
    const backwards = await rejection(conn.sobject('Lead').updated(windowEnd, windowStart));
    assert.equal(backwards.errorCode, 'INVALID_REPLICATION_DATE');
    const tooOld = await rejection(conn.sobject('Lead').deleted(new Date(now - 20 * 86_400_000), windowEnd));
    assert.equal(tooOld.errorCode, 'INVALID_REPLICATION_DATE');
  });
});
