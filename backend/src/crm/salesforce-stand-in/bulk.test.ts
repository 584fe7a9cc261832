import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { ACCOUNT_FIELDS, connect, leadObject, OPPORTUNITY_FIELDS, rawRequest, recentStart, rejection } from './stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './start-stand-in.ts';

const POLL = { pollInterval: 10, pollTimeout: 10_000 };

describe('Salesforce stand-in: Bulk API 2.0', () => {
  let standIn: SalesforceStandIn;
  let conn: Connection;
  let leadIds: string[];

  before(async () => {
    standIn = await startSalesforceStandIn({
      clientId: 'test-client',
      objects: {
        Lead: leadObject(3_000, recentStart()),
        Account: { fields: ACCOUNT_FIELDS, records: [{ Id: '001000000000001AAA', Name: 'Acme, "the" company', Industry: 'Technology' }] },
        Opportunity: {
          fields: OPPORTUNITY_FIELDS,
          records: [
            { Name: 'With account', AccountId: '001000000000001AAA', StageName: 'Closed Won', IsWon: true, Amount: 1200.5, CloseDate: '2026-10-01' },
            { Name: 'Without', StageName: 'Prospecting', CloseDate: '2026-12-01' },
          ],
        },
      },
    });
    conn = connect(standIn);
    conn.bulk2.pollInterval = POLL.pollInterval;
    leadIds = [...standIn.store.records('Lead')].map((record) => record.Id as string);
  });
  after(async () => {
    await standIn.close();
  });
  beforeEach(() => {
    standIn.faults.clear();
    standIn.requestLog.clear();
  });

  it('should run a query job to completion and return every record through conn.bulk2.query', async () => {
    const records = (await (await conn.bulk2.query('SELECT Id, LastName, AnnualRevenue, IsConverted FROM Lead')).toArray()) as Record<string, string>[];
    assert.equal(records.length, 3_000);
    assert.deepEqual(Object.keys(records[0]!), ['Id', 'LastName', 'AnnualRevenue', 'IsConverted']);
    assert.deepEqual(new Set(records.map((record) => record.Id)), new Set(leadIds));
    assert.equal(records[0]!.IsConverted, 'true');
    const steps = standIn.requestLog.entries().map((entry) => `${entry.method} ${entry.path.replace(/750[A-Za-z0-9]{15}/, '{job}')}`);
    assert.deepEqual(steps, [
      'POST /services/data/v62.0/jobs/query',
      'GET /services/data/v62.0/jobs/query/{job}',
      'GET /services/data/v62.0/jobs/query/{job}',
      'GET /services/data/v62.0/jobs/query/{job}/results',
    ]);
  });

  it('should report UploadComplete, then InProgress, then JobComplete', async () => {
    const created = await rawRequest(standIn, '/services/data/v62.0/jobs/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Lead' }),
    });
    const job = (await created.json()) as { id: string; state: string; object: string; apiVersion: number; columnDelimiter: string };
    assert.equal(job.state, 'UploadComplete');
    assert.equal(job.object, 'Lead');
    assert.equal(job.apiVersion, 62);
    assert.equal(job.columnDelimiter, 'COMMA');
    const early = await rawRequest(standIn, `/services/data/v62.0/jobs/query/${job.id}/results`);
    assert.equal(early.status, 400, 'results wait for JobComplete');
    const states: string[] = [];
    for (let check = 0; check < 3; check += 1) states.push(((await (await rawRequest(standIn, `/services/data/v62.0/jobs/query/${job.id}`)).json()) as { state: string }).state);
    assert.deepEqual(states, ['InProgress', 'JobComplete', 'JobComplete']);
  });

  it('should page results with maxRecords and Sforce-Locator, ending with the locator "null"', async () => {
    const created = (await (
      await rawRequest(standIn, '/services/data/v62.0/jobs/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'query', query: 'SELECT Id, LastName FROM Lead' }) })
    ).json()) as { id: string };
    await rawRequest(standIn, `/services/data/v62.0/jobs/query/${created.id}`);
    await rawRequest(standIn, `/services/data/v62.0/jobs/query/${created.id}`);
    const ids: string[] = [];
    let locator: string | null = '';
    let pages = 0;
    while (locator !== 'null') {
      const query: string = locator ? `&locator=${locator}` : '';
      const response = await rawRequest(standIn, `/services/data/v62.0/jobs/query/${created.id}/results?maxRecords=1000${query}`);
      assert.equal(response.headers.get('content-type'), 'text/csv');
      const lines = (await response.text()).trimEnd().split('\n');
      assert.equal(lines[0], '"Id","LastName"');
      assert.equal(Number(response.headers.get('sforce-numberofrecords')), lines.length - 1);
      ids.push(...lines.slice(1).map((line) => line.split(',')[0]!.replaceAll('"', '')));
      locator = response.headers.get('sforce-locator');
      pages += 1;
    }
    assert.equal(pages, 3);
    assert.deepEqual(new Set(ids), new Set(leadIds));
  });

  it('should write relationship columns, quotes and nulls as Bulk API CSV does', async () => {
    const records = (await (await conn.bulk2.query('SELECT Name, Account.Name, Account.Industry, Amount, CloseDate FROM Opportunity ORDER BY Name')).toArray()) as Record<string, string>[];
    assert.deepEqual(records, [
      { Name: 'With account', 'Account.Name': 'Acme, "the" company', 'Account.Industry': 'Technology', Amount: '1200.5', CloseDate: '2026-10-01' },
      { Name: 'Without', 'Account.Name': '', 'Account.Industry': '', Amount: '', CloseDate: '2026-12-01' },
    ]);
  });

  it('should include deleted records in a queryAll job only', async () => {
    standIn.store.delete('Lead', leadIds[0]!);
    const live = await (await conn.bulk2.query('SELECT Id FROM Lead')).toArray();
    const all = await (await conn.bulk2.query('SELECT Id, IsDeleted FROM Lead', { scanAll: true, ...POLL })).toArray();
    assert.equal(live.length, 2_999);
    assert.equal(all.length, 3_000);
    assert.equal((all as Record<string, string>[]).find((record) => record.Id === leadIds[0])!.IsDeleted, 'true');
  });

  it('should refuse a query job over an unknown field', async () => {
    const error = await rejection(conn.bulk2.query('SELECT Id, Nope FROM Lead'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
  });

  it('should update records with an ingest job and report successes and failures per row', async () => {
    const input = leadIds.slice(100, 150).map((Id, index) => ({ Id, Score__c: index, Grade__c: index === 7 ? 'TOO LONG' : 'A' }));
    const results = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'update', input, ...POLL });
    assert.equal(results.successfulResults.length, 49);
    assert.equal(results.failedResults.length, 1);
    assert.equal(results.unprocessedRecords.length, 0);
    const [failed] = results.failedResults;
    assert.equal(failed!.sf__Id, leadIds[107]);
    assert.match(failed!.sf__Error, /^STRING_TOO_LONG:Grade: data value too large: TOO LONG \(max length=1\):Grade__c --$/);
    assert.equal(results.successfulResults[0]!.sf__Created, 'false');
    assert.equal(standIn.store.get('Lead', leadIds[120]!)!.Score__c, 20);
    assert.equal(standIn.store.get('Lead', leadIds[120]!)!.Grade__c, 'A');
    const uploads = standIn.requestLog.entries().filter((entry) => entry.path.endsWith('/batches'));
    assert.deepEqual(uploads.map((entry) => `${entry.method} ${entry.status}`), ['PUT 201']);
  });

  it('should leave empty cells alone and empty fields sent as #N/A', async () => {
    const id = leadIds[200]!;
    standIn.store.update('Lead', id, { Score__c: 10, Grade__c: 'B' });
    await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'update', input: `Id,Score__c,Grade__c\n${id},#N/A,\n`, ...POLL });
    assert.equal(standIn.store.get('Lead', id)!.Score__c, null);
    assert.equal(standIn.store.get('Lead', id)!.Grade__c, 'B');
  });

  it('should fail the configured share of ingest rows when that fault is set', async () => {
    standIn.faults.add({ kind: 'recordFailures', fraction: 0.1, path: '/jobs/ingest' });
    const input = leadIds.slice(500, 600).map((Id) => ({ Id, Score__c: 99 }));
    const results = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'update', input, ...POLL });
    assert.equal(results.failedResults.length, 10);
    assert.ok(results.failedResults.every((row) => row.sf__Error.startsWith('UNABLE_TO_LOCK_ROW:')));
    assert.equal(results.successfulResults.length, 90);
  });

  it('should fail exactly the ingest rows a recordFailures fault lists, in Bulk API’s sf__Error form', async () => {
    standIn.faults.add({ kind: 'recordFailures', ids: [leadIds[610]!, leadIds[650]!], path: '/jobs/ingest', statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Scores are frozen in review' });
    const input = leadIds.slice(600, 700).map((Id) => ({ Id, Score__c: 98 }));
    const results = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'update', input, ...POLL });
    assert.deepEqual(
      results.failedResults.map((row) => [row.sf__Id, row.sf__Error]),
      [
        [leadIds[610], 'FIELD_CUSTOM_VALIDATION_EXCEPTION:Scores are frozen in review: --'],
        [leadIds[650], 'FIELD_CUSTOM_VALIDATION_EXCEPTION:Scores are frozen in review: --'],
      ],
    );
    assert.equal(results.successfulResults.length, 98);
    assert.notEqual(standIn.store.get('Lead', leadIds[610]!)!.Score__c, 98);
  });

  it('should insert and delete records with ingest jobs', async () => {
    const input = [
      { LastName: 'Inserted', Company: 'Acme', Status: 'Open - Not Contacted' },
      { LastName: 'No company', Status: 'Open - Not Contacted' },
    ];
    const inserted = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'insert', input, ...POLL });
    assert.equal(inserted.successfulResults.length, 1);
    const [created] = inserted.successfulResults;
    assert.equal(created!.sf__Created, 'true');
    assert.equal(standIn.store.get('Lead', created!.sf__Id)!.LastName, 'Inserted');
    assert.match(inserted.failedResults[0]!.sf__Error, /^REQUIRED_FIELD_MISSING:Required fields are missing: \[Company\]:Company --$/);
    const deleted = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'delete', input: [{ Id: created!.sf__Id }], ...POLL });
    assert.equal(deleted.successfulResults.length, 1);
    assert.equal(standIn.store.get('Lead', created!.sf__Id)!.IsDeleted, true);
    const upsert = await rejection(conn.bulk2.createJob({ object: 'Lead', operation: 'upsert', externalIdFieldName: 'Email' }).open());
    assert.equal(upsert.errorCode, 'API_ERROR');
  });

  it('should fail a job whose CSV names an unknown column, writing nothing', async () => {
    const job = conn.bulk2.createJob({ object: 'Lead', operation: 'update' });
    await job.open();
    await job.uploadData(`Id,Nope__c\n${leadIds[0]},1\n`);
    await job.close();
    const error = await rejection(job.poll(POLL.pollInterval, POLL.pollTimeout));
    assert.match(error.message, /InvalidBatch : Field name not found : Nope__c/);
    const info = await job.check();
    assert.equal(info.state, 'Failed');
    assert.equal(info.numberRecordsProcessed, 0);
    assert.equal((await job.getUnprocessedRecords()).length, 1);
  });

  it('should accept job data once and refuse a second upload', async () => {
    const job = conn.bulk2.createJob({ object: 'Lead', operation: 'update' });
    await job.open();
    const put = () => rawRequest(standIn, `/services/data/v62.0/jobs/ingest/${job.id}/batches`, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: `Id,Score__c\n${leadIds[1]},1\n` });
    assert.equal((await put()).status, 201);
    const second = await put();
    assert.equal(second.status, 400);
    assert.match(((await second.json()) as { message: string }[])[0]!.message, /Found multiple contents for job/);
    await job.abort();
    assert.equal((await job.check()).state, 'Aborted');
  });
});
