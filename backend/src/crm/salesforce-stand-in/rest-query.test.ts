import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { formatSalesforceDateTime } from './salesforce-datetime.ts';
import { ACCOUNT_FIELDS, connect, leadObject, OPPORTUNITY_FIELDS, rawRequest, recentStart, rejection } from './stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './start-stand-in.ts';

type LeadRow = { Id: string; LastName: string; SystemModstamp: string; attributes: { type: string; url: string } };

describe('Salesforce stand-in: REST query through jsforce', () => {
  const startMs = recentStart();
  let standIn: SalesforceStandIn;
  let conn: Connection;

  before(async () => {
    standIn = await startSalesforceStandIn({
      clientId: 'test-client',
      objects: {
        Lead: leadObject(5_000, startMs),
        Account: {
          fields: ACCOUNT_FIELDS,
          records: [
            { Id: '001000000000001AAA', Name: 'Acme', Industry: 'Technology', AnnualRevenue: 5_000_000 },
            { Id: '001000000000002AAA', Name: 'Globex', Industry: 'Retail' },
          ],
        },
        Opportunity: {
          fields: OPPORTUNITY_FIELDS,
          records: [
            { Name: 'Big deal', AccountId: '001000000000001AAA', StageName: 'Negotiation', Amount: 50_000, CloseDate: '2026-12-31' },
            { Name: 'No account', AccountId: null, StageName: 'Prospecting', CloseDate: '2027-01-31' },
          ],
        },
      },
    });
    conn = connect(standIn);
  });
  after(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.requestLog.clear());

  it('should page 5,000 records with query and queryMore when autoFetch is on', async () => {
    const result = await conn.query<LeadRow>('SELECT Id, LastName, SystemModstamp FROM Lead ORDER BY SystemModstamp ASC, Id ASC', { autoFetch: true, maxFetch: 10_000 });
    assert.equal(result.totalSize, 5_000);
    assert.equal(result.records.length, 5_000);
    assert.equal(new Set(result.records.map((record) => record.Id)).size, 5_000);
    const stamps = result.records.map((record) => `${record.SystemModstamp} ${record.Id}`);
    assert.deepEqual(stamps, [...stamps].sort());
    const paths = standIn.requestLog.entries().map((entry) => entry.path);
    assert.equal(paths.length, 3, 'default batches of 2,000: one query and two queryMore calls');
    assert.match(paths[1]!, /^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-2000$/);
    assert.match(paths[2]!, /-4000$/);
  });

  it('should answer in Salesforce QueryResult shape with attributes on every record', async () => {
    const response = await rawRequest(standIn, `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, LastName FROM Lead')}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(response.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/1000000$/);
    const body = (await response.json()) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: LeadRow[] };
    assert.deepEqual(Object.keys(body), ['totalSize', 'done', 'nextRecordsUrl', 'records']);
    assert.equal(body.done, false);
    assert.equal(body.records.length, 2_000);
    const [first] = body.records;
    assert.deepEqual(Object.keys(first!), ['attributes', 'Id', 'LastName']);
    assert.deepEqual(first!.attributes, { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${first!.Id}` });
    assert.equal(first!.Id.length, 18);
  });

  it('should honour Sforce-Query-Options batchSize between 200 and 2,000', async () => {
    const result = await conn.query<LeadRow>('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 10_000, headers: { 'Sforce-Query-Options': 'batchSize=500' } });
    assert.equal(result.records.length, 5_000);
    assert.equal(standIn.requestLog.entries().length, 10);
    const tiny = await rawRequest(standIn, `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`, { headers: { 'Sforce-Query-Options': 'batchSize=5' } });
    assert.equal(((await tiny.json()) as { records: unknown[] }).records.length, 200, 'batch sizes under 200 are raised to 200');
  });

  it('should filter by a SystemModstamp window, order and limit as the sync query does', async () => {
    const from = formatSalesforceDateTime(startMs + 100_000).slice(0, 19);
    const until = formatSalesforceDateTime(startMs + 199_000).slice(0, 19);
    const soql = `SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= ${from}Z AND SystemModstamp <= ${until}Z ORDER BY SystemModstamp ASC, Id ASC`;
    const result = await conn.query<LeadRow>(soql, { autoFetch: true });
    assert.equal(result.totalSize, 300, 'three leads per second for 100 seconds');
    assert.ok(result.records.every((record) => record.SystemModstamp >= `${from}.000+0000` && record.SystemModstamp <= `${until}.000+0000`));
    const newest = await conn.query<LeadRow>('SELECT Id, SystemModstamp FROM Lead ORDER BY SystemModstamp DESC, Id DESC LIMIT 4');
    assert.equal(newest.records.length, 4);
    assert.ok(newest.records[0]!.SystemModstamp >= newest.records[3]!.SystemModstamp);
    const count = await conn.query(`SELECT COUNT() FROM Lead WHERE SystemModstamp >= ${from}Z AND SystemModstamp <= ${until}Z`);
    assert.deepEqual(count, { totalSize: 300, done: true, records: [] });
  });

  it('should evaluate comparisons, IN, LIKE, NOT and OR like SOQL, text case-insensitively', async () => {
    const count = async (where: string) => (await conn.query(`SELECT COUNT() FROM Lead WHERE ${where}`)).totalSize;
    assert.equal(await count("LeadSource = 'web'"), 1_250);
    assert.equal(await count('LeadSource = null'), 1_250);
    assert.equal(await count("LeadSource != 'Web'"), 3_750, 'null values are unequal to a value, as in SOQL');
    assert.equal(await count("LeadSource IN ('Web', 'Trade Show')"), 2_500);
    assert.equal(await count("Company LIKE 'company 4_'"), 1_000);
    assert.equal(await count('IsConverted = true AND NumberOfEmployees < 100'), 100);
    assert.equal(await count("(LeadSource = 'Web' OR LeadSource = 'Trade Show') AND NOT Status = 'Closed - Converted'"), 2_000);
  });

  it('should nest relationship fields as Salesforce does, with null for an empty reference', async () => {
    const result = await conn.query<Record<string, unknown>>('SELECT Name, Account.Industry, Account.Name, Amount FROM Opportunity ORDER BY Name ASC');
    assert.deepEqual(
      result.records.map(({ attributes: _attributes, ...record }) => record),
      [
        { Name: 'Big deal', Account: { attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001000000000001AAA' }, Industry: 'Technology', Name: 'Acme' }, Amount: 50_000 },
        { Name: 'No account', Account: null, Amount: null },
      ],
    );
    const filtered = await conn.query("SELECT Id FROM Opportunity WHERE Account.Industry = 'Technology'");
    assert.equal(filtered.totalSize, 1);
  });

  it('should answer an unknown field with INVALID_FIELD in Salesforce error shape', async () => {
    const response = await rawRequest(standIn, `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, Nonsense__c FROM Lead')}`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string; errorCode: string }[];
    assert.equal(body.length, 1);
    assert.deepEqual(Object.keys(body[0]!).sort(), ['errorCode', 'message']);
    assert.equal(body[0]!.errorCode, 'INVALID_FIELD');
    assert.match(body[0]!.message, /ERROR at Row:1:Column:12\nNo such column 'Nonsense__c' on entity 'Lead'/);
    const viaJsforce = await rejection(conn.query('SELECT Id, Account.Nope FROM Opportunity'));
    assert.equal(viaJsforce.errorCode, 'INVALID_FIELD');
    assert.equal((await rejection(conn.query('SELECT Id, Owner.Name FROM Opportunity'))).errorCode, 'INVALID_FIELD');
  });

  it('should refuse malformed SOQL, unknown objects and quoted datetimes as Salesforce does', async () => {
    assert.equal((await rejection(conn.query('SELECT Id FROM Lead WHERE'))).errorCode, 'MALFORMED_QUERY');
    assert.equal((await rejection(conn.query("SELECT Id FROM Lead WHERE LeadSource = 'Web' AND Company = 'x' OR Company = 'y'"))).errorCode, 'MALFORMED_QUERY');
    assert.equal((await rejection(conn.query('SELECT Id FROM Contract'))).errorCode, 'INVALID_TYPE');
    const quoted = await rejection(conn.query("SELECT Id FROM Lead WHERE SystemModstamp >= '2026-01-01T00:00:00Z'"));
    assert.equal(quoted.errorCode, 'INVALID_FIELD');
    assert.match(quoted.message, /must be of type dateTime and should not be enclosed in quotes/);
    assert.equal((await rejection(conn.query("SELECT Id FROM Lead WHERE Id = 'abc'"))).errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
    assert.equal((await rejection(conn.queryMore('01g000000000000AAA-2000'))).errorCode, 'INVALID_QUERY_LOCATOR');
  });

  it('should leave deleted records to queryAll', async () => {
    const [victim] = standIn.store.records('Lead');
    standIn.store.delete('Lead', victim!.Id as string);
    const live = await conn.query(`SELECT Id FROM Lead WHERE Id = '${victim!.Id as string}'`);
    assert.equal(live.totalSize, 0);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Lead WHERE Id = '${victim!.Id as string}'`, { scanAll: true });
    assert.equal(all.totalSize, 1);
    assert.equal(all.records[0]!.IsDeleted, true);
    assert.equal(standIn.requestLog.entries().at(-1)!.path, '/services/data/v62.0/queryAll');
    assert.equal((await conn.query('SELECT COUNT() FROM Lead')).totalSize, 4_999);
    assert.equal((await conn.query('SELECT COUNT() FROM Lead', { scanAll: true })).totalSize, 5_000);
  });

  it('should keep a cursor’s pages stable while records change underneath', async () => {
    const first = await conn.query<LeadRow>('SELECT Id, LastName, SystemModstamp FROM Lead ORDER BY SystemModstamp ASC, Id ASC');
    const [moved] = first.records;
    standIn.store.update('Lead', moved!.Id, { LastName: 'Changed' });
    const rest = await conn.queryMore<LeadRow>(first.nextRecordsUrl!);
    assert.ok(!rest.records.some((record) => record.Id === moved!.Id), 'the changed record does not appear again on a later page');
    const again = await conn.query<LeadRow>(`SELECT LastName, SystemModstamp FROM Lead WHERE Id = '${moved!.Id}'`);
    assert.equal(again.records[0]!.LastName, 'Changed');
    assert.ok(again.records[0]!.SystemModstamp > moved!.SystemModstamp, 'the change moved SystemModstamp forward');
  });
});

describe('Salesforce stand-in: paging a large object', () => {
  let standIn: SalesforceStandIn;

  before(async () => {
    standIn = await startSalesforceStandIn({ clientId: 'test-client', objects: { Lead: leadObject(120_000, recentStart()) } });
  });
  after(async () => {
    await standIn.close();
  });

  it('should page 120,000 records in SystemModstamp order without re-sorting per page', async () => {
    const conn = connect(standIn);
    const started = performance.now();
    const result = await conn.query<LeadRow>('SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= 2000-01-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC', { autoFetch: true, maxFetch: 200_000 });
    const elapsedMs = performance.now() - started;
    assert.equal(result.records.length, 120_000);
    assert.equal(standIn.requestLog.entries().length, 60);
    assert.ok(elapsedMs < 10_000, `paging took ${Math.round(elapsedMs)} ms`);
    const pageTimes = standIn.requestLog.entries().map((entry) => entry.durationMs);
    assert.ok(Math.max(...pageTimes.slice(1)) < 500, `slowest queryMore took ${Math.max(...pageTimes.slice(1))} ms`);
  });
});
