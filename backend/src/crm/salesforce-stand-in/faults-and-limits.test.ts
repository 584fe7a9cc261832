import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connect, leadObject, rawRequest, recentStart, rejection } from './stand-in-test-fixtures.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './start-stand-in.ts';

describe('Salesforce stand-in: API limits and injected faults', () => {
  let standIn: SalesforceStandIn;
  let conn: Connection;
  let leadIds: string[];

  before(async () => {
    standIn = await startSalesforceStandIn({
      clientId: 'test-client',
      apiLimit: 1_000,
      objects: { Lead: leadObject(5_000, recentStart()) },
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
    standIn.apiUsage.used = 0;
  });

  it('should apply the faults it was started with', async () => {
    const fresh = await startSalesforceStandIn({ clientId: 'c', faults: [{ kind: 'status', status: 503, path: '/limits' }], objects: { Lead: leadObject(1, recentStart()) } });
    try {
      const response = await rawRequest(fresh, '/services/data/v62.0/limits');
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), [{ message: 'Server is temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
      assert.equal((await rawRequest(fresh, '/services/data/v62.0/limits')).status, 200, 'a fault fires once unless told otherwise');
    } finally {
      await fresh.close();
    }
  });

  it('should count API calls in Sforce-Limit-Info and refuse them with REQUEST_LIMIT_EXCEEDED once spent', async () => {
    standIn.apiUsage.used = 997;
    await conn.query('SELECT COUNT() FROM Lead');
    assert.deepEqual(conn.limitInfo, { apiUsage: { used: 998, limit: 1_000 } });
    await conn.query('SELECT COUNT() FROM Lead');
    await conn.query('SELECT COUNT() FROM Lead');
    const refused = await rawRequest(standIn, `/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Lead')}`);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('sforce-limit-info'), 'api-usage=1000/1000');
    assert.deepEqual(await refused.json(), [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    assert.equal((await rejection(conn.query('SELECT Id FROM Lead'))).errorCode, 'REQUEST_LIMIT_EXCEEDED');
    const token = await fetch(`${standIn.loginUrl}/services/data`);
    assert.equal(token.status, 200, 'the version list is no API call');
  });

  it('should let a client see an injected 429 on a call jsforce does not retry', async () => {
    standIn.faults.add({ kind: 'status', status: 429, path: '/composite/sobjects', retryAfterSeconds: 3 });
    const error = await rejection(conn.sobject('Lead').update([{ Id: leadIds[0]!, Score__c: 1 }]));
    assert.equal(error.errorCode, 'TOO_MANY_REQUESTS');
    const [entry] = standIn.requestLog.entries();
    assert.equal(entry!.status, 429);
    assert.equal(entry!.fault, 'status');
    assert.notEqual(standIn.store.get('Lead', leadIds[0]!)!.Score__c, 1);
    const raw = standIn.faults.add({ kind: 'status', status: 429, retryAfterSeconds: 3 });
    const response = await rawRequest(standIn, '/services/data/v62.0/sobjects');
    assert.equal(response.headers.get('retry-after'), '3');
    assert.equal(standIn.faults.list().some((fault) => fault.id === raw.id), false, 'the fault is used up');
  });

  it('should serve injected 500s that jsforce retries on GET until they are used up', async () => {
    standIn.faults.add({ kind: 'status', status: 500, path: '/query', times: 2 });
    const result = await conn.query('SELECT COUNT() FROM Lead');
    assert.equal(result.totalSize, 5_000);
    assert.deepEqual(standIn.requestLog.entries().map((entry) => entry.status), [500, 500, 200]);
    standIn.faults.add({ kind: 'status', status: 500, method: 'PATCH' });
    const failed = await rejection(conn.sobject('Lead').update({ Id: leadIds[1]!, Score__c: 2 }));
    assert.equal(failed.errorCode, 'UNKNOWN_EXCEPTION');
  });

  it('should delay a request by the configured time, then serve it', async () => {
    standIn.faults.add({ kind: 'delay', delayMs: 300, path: '/sobjects/Lead/describe' });
    const started = performance.now();
    const describe = await conn.describe('Lead');
    assert.equal(describe.name, 'Lead');
    assert.ok(performance.now() - started >= 290);
    assert.equal(standIn.requestLog.entries()[0]!.fault, 'delay');
  });

  it('should drop the connection when told to', async () => {
    standIn.faults.add({ kind: 'disconnect', path: '/sobjects' });
    await assert.rejects(rawRequest(standIn, '/services/data/v62.0/sobjects'), TypeError);
    assert.equal(standIn.requestLog.entries()[0]!.status, 0);
  });

  it('should fail a query after K pages and let the sync resume from its last locator', async () => {
    standIn.faults.add({ kind: 'queryFailsAfterPages', pages: 2, status: 400, path: '/query' });
    const headers = { 'Sforce-Query-Options': 'batchSize=1000' };
    const error = await rejection(conn.query('SELECT Id FROM Lead ORDER BY SystemModstamp, Id', { autoFetch: true, headers }));
    assert.equal(error.errorCode, 'INVALID_QUERY_LOCATOR');
    const log = standIn.requestLog.entries();
    assert.deepEqual(log.map((entry) => entry.status), [200, 200, 400]);
    const stoppedAt = log[2]!.path;
    assert.match(stoppedAt, /-2000$/);
    standIn.faults.clear();
    const rest = await conn.queryMore<{ Id: string }>(stoppedAt.split('/').pop()!, { autoFetch: true, headers, maxFetch: 10_000, scanAll: false, responseTarget: 'QueryResult' });
    assert.equal(rest.records.length, 3_000);
    assert.deepEqual(new Set(rest.records.map((record) => record.Id)), new Set(leadIds.slice(2_000)));
  });

  it('should fail pages with a server error by default, for as long as the fault stays', async () => {
    standIn.faults.add({ kind: 'queryFailsAfterPages', pages: 1 });
    const first = await conn.query('SELECT Id FROM Lead');
    const next = new URL(first.nextRecordsUrl!).pathname;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await rawRequest(standIn, next);
      assert.equal(response.status, 500);
      assert.equal(((await response.json()) as { errorCode: string }[])[0]!.errorCode, 'UNKNOWN_EXCEPTION');
    }
    standIn.faults.clear();
    assert.equal((await rawRequest(standIn, next)).status, 200);
  });

  it('should take faults over its control API and report requests and API usage there', async () => {
    const control = (path: string, init: RequestInit = {}) => fetch(`${standIn.instanceUrl}/__stand-in${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    const created = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, path: '/sobjects', times: 2 }) });
    assert.equal(created.status, 201);
    const fault = (await created.json()) as { id: string; remaining: number };
    assert.equal(fault.remaining, 2);
    assert.equal((await rawRequest(standIn, '/services/data/v62.0/sobjects')).status, 503);
    const listed = (await (await control('/faults')).json()) as { id: string; fired: number }[];
    assert.deepEqual(listed.map(({ id, fired }) => ({ id, fired })), [{ id: fault.id, fired: 1 }]);
    assert.equal((await control(`/faults/${fault.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await rawRequest(standIn, '/services/data/v62.0/sobjects')).status, 200);
    const invalid = await control('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 200 }) });
    assert.equal(invalid.status, 400);
    assert.match(((await invalid.json()) as { error: string }).error, /status/);
    const requests = (await (await control('/requests')).json()) as { path: string; status: number }[];
    assert.deepEqual(requests.map((entry) => entry.status), [503, 200]);
    const usage = await control('/api-usage', { method: 'PUT', body: JSON.stringify({ used: 10, limit: 10 }) });
    assert.deepEqual(await usage.json(), { used: 10, limit: 10 });
    assert.equal((await rawRequest(standIn, '/services/data/v62.0/sobjects')).status, 403);
    await control('/api-usage', { method: 'PUT', body: JSON.stringify({ used: 0, limit: 1_000 }) });
    const token = (await (await control('/access-tokens', { method: 'POST' })).json()) as { access_token: string; instance_url: string };
    assert.equal(token.instance_url, standIn.instanceUrl);
    assert.equal((await rawRequest(standIn, '/services/data/v62.0/sobjects', {}, token.access_token)).status, 200);
    assert.equal((await control('/access-tokens/expire', { method: 'POST' })).status, 204);
    assert.equal((await rawRequest(standIn, '/services/data/v62.0/sobjects', {}, token.access_token)).status, 401);
  });

  it('should reject a fault it cannot apply when added from code', () => {
    assert.throws(() => standIn.faults.add({ kind: 'recordFailures', fraction: 2 }), /Invalid fault: fraction/);
    assert.throws(() => standIn.faults.add({ kind: 'delay', delayMs: 10, path: '(' }), /Invalid fault: path must be a regular expression/);
    assert.throws(() => standIn.faults.add({ kind: 'recordFailures' }), /Invalid fault: fault give either fraction or ids/);
    assert.throws(() => standIn.faults.add({ kind: 'recordFailures', fraction: 0.5, ids: [leadIds[0]!] }), /give either fraction or ids/);
    assert.throws(() => standIn.faults.add({ kind: 'recordFailures', ids: ['not-an-id'] }), /Invalid fault: ids\.0 must be a Salesforce id/);
  });
});
