import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { startTestApi } from '../../test/support/test-api.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { createLogger } from '../logger.ts';
import type { Executor } from '../db/client.ts';
import { createPredictionLog } from './prediction-log.ts';
import { databaseStore, workerThreadStore } from './prediction-log-store.ts';
import { predictionLogRowJson, type PredictionLogEntry } from './prediction-logs.repo.ts';
import { LEAD_MODEL, useLeadModelFixture } from './test-support/lead-models.ts';

/** A loopback port nothing listens on: one the system gave and took back. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('prediction log: batched writes off the request path, bounded, nothing dropped', function () {
  this.timeout(120_000);
  const database = useTestDatabase();
  const logger = createLogger({ level: 'silent', format: 'json' });
  const fixture = useLeadModelFixture(database, 'prediction-log');

  const entry = (requestId: string, index: number, inputs: unknown = { LeadSource: 'Web', index }): PredictionLogEntry => ({
    workspaceId: fixture.workspace.id,
    modelId: fixture.v1.modelId,
    versionId: fixture.v1.versionId,
    shadow: false,
    source: 'api',
    callerUserId: fixture.workspace.users.rep.id,
    callerApiKeyId: fixture.workspace.users.rep.apiKeyId,
    requestId,
    crmObject: null,
    recordId: null,
    inputs,
    probability: index / 1000,
    score: 1 + (index % 99),
    grade: 'D',
    reasons: { positive: [], negative: [], otherPoints: 0 },
    problem: null,
    scoredAt: new Date(),
  });

  async function loggedRows(requestId: string): Promise<{ inputs: Record<string, unknown>; probability: number }[]> {
    return database.sql`select inputs, probability from prediction_logs where request_id = ${requestId} order by (inputs->>'index')::int nulls last, id`;
  }

  it('should write every row when requests outrun a tiny buffer, making them wait for room', async () => {
    const log = createPredictionLog({ store: databaseStore(database.db), logger, options: { capacity: 4, flushRows: 3, flushIntervalMs: 50, rowsPerInsert: 2 } });
    const requestId = randomUUID();
    // 40 "requests" of 1 to 7 rows each, appended at once: most must wait for the writer.
    let next = 0;
    const appends = Array.from({ length: 40 }, (_, request) => {
      const rows = Array.from({ length: 1 + (request % 7) }, () => entry(requestId, next++));
      return log.append(rows);
    });
    await Promise.all(appends);
    const stats = log.stats();
    assert.ok(stats.waitedForRoom > 0, 'backpressure happened');
    assert.ok(stats.pending <= 4, 'never more rows in memory than the capacity');
    await log.close();
    const rows = await loggedRows(requestId);
    assert.equal(rows.length, next);
    assert.deepEqual(
      rows.map((row) => row.inputs['index']),
      Array.from({ length: next }, (_, index) => index),
    );
    assert.deepEqual(log.stats(), { appended: next, written: next, pending: 0, waitedForRoom: stats.waitedForRoom, failedWrites: 0, lost: 0 });
  });

  it('should write on its interval without being asked, off the caller\'s path', async () => {
    const log = createPredictionLog({ store: databaseStore(database.db), logger, options: { capacity: 100, flushRows: 50, flushIntervalMs: 30, rowsPerInsert: 50 } });
    const requestId = randomUUID();
    await log.append([entry(requestId, 0), entry(requestId, 1)]);
    assert.equal((await loggedRows(requestId)).length, 0, 'append returns before anything is written');
    for (let tries = 0; (await loggedRows(requestId)).length < 2; tries++) {
      assert.ok(tries < 100, 'the interval never wrote the rows');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await log.close();
  });

  it('should store text PostgreSQL refuses, and a row it refuses alone with the reason instead of its inputs', async () => {
    const log = createPredictionLog({ store: databaseStore(database.db), logger, options: { capacity: 10, flushRows: 10, flushIntervalMs: 10, rowsPerInsert: 10 } });
    const requestId = randomUUID();
    await log.append([
      entry(requestId, 0, { LeadSource: 'Web\u0000site \ud800', index: 0 }),
      entry(requestId, 1, { 'Lead\u0000Source': 'Web', index: 1 }),
      entry(requestId, 2),
    ]);
    await log.close();
    const rows = await loggedRows(requestId);
    assert.equal(rows.length, 3);
    assert.equal(rows[0]!.inputs['LeadSource'], 'Web\ufffdsite \ufffd');
    assert.deepEqual(rows[1]!.inputs['index'], 2);
    assert.match(String(rows[2]!.inputs['notStored']), /\\u0000|unicode|null character/i);
    assert.equal(log.stats().lost, 0);
  });

  describe('the worker-thread store, as the API writes the log', () => {
    it('should store every batch from its own thread, a refused row alone with the reason', async () => {
      const store = workerThreadStore({ url: database.url });
      const log = createPredictionLog({ store, logger, options: { capacity: 10, flushRows: 10, flushIntervalMs: 10, rowsPerInsert: 10 } });
      const requestId = randomUUID();
      await log.append([entry(requestId, 0, { 'Lead\u0000Source': 'Web', index: 0 }), entry(requestId, 1), entry(requestId, 2, { LeadSource: 'Zoë – café ☕', index: 2 })]);
      await log.close();
      await store.close();
      const rows = await loggedRows(requestId);
      assert.deepEqual(
        rows.map((row) => row.inputs['index'] ?? 'not stored'),
        [1, 2, 'not stored'],
      );
      assert.equal(rows[1]!.inputs['LeadSource'], 'Zoë – café ☕');
      assert.match(String(rows[2]!.inputs['notStored']), /\\u0000|unicode|null character/i);
      assert.deepEqual(log.stats(), { appended: 3, written: 3, pending: 0, waitedForRoom: 0, failedWrites: 0, lost: 0 });
    });

    it('should fail a batch it cannot store with the reason, so that the log retries it', async () => {
      const unreachable = new URL(database.url);
      unreachable.port = String(await closedPort());
      const store = workerThreadStore({ url: unreachable.toString() });
      const rows = Buffer.from(`[${predictionLogRowJson(entry(randomUUID(), 0))}]`);
      await assert.rejects(store.insert(rows), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'ECONNREFUSED');
        assert.match(error.message, /ECONNREFUSED/);
        return true;
      });
      await store.close();
    });

    it('should fail the batches in hand when its thread dies, and start a new thread for the next', async () => {
      // A connection string postgres.js cannot parse makes the thread throw as it starts.
      const store = workerThreadStore({ url: 'postgres://%zz@127.0.0.1:5432/scorebridge' });
      const rows = Buffer.from(`[${predictionLogRowJson(entry(randomUUID(), 0))}]`);
      await assert.rejects(store.insert(rows), /The prediction log's writer thread failed: URI malformed/);
      await assert.rejects(store.insert(rows), /The prediction log's writer thread failed: URI malformed/);
      await store.close();
    });

    it('should refuse batches once closed', async () => {
      const store = workerThreadStore({ url: database.url });
      const requestId = randomUUID();
      await store.insert(Buffer.from(`[${predictionLogRowJson(entry(requestId, 0))}]`));
      await store.close();
      await assert.rejects(store.insert(Buffer.from('[]')), /The prediction log store is closed/);
      assert.equal((await loggedRows(requestId)).length, 1);
    });
  });

  /** The test database, except that the statements numbered in `failing` (from 1) fail as on a dropped connection. */
  function droppingConnection(failing: readonly number[]): { db: Executor; statements(): number } {
    let statements = 0;
    const db = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property !== 'execute') return Reflect.get(target, property, receiver);
        return (query: Parameters<typeof target.execute>[0]) => {
          statements += 1;
          if (failing.includes(statements)) return Promise.reject(Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }));
          return target.execute(query);
        };
      },
    });
    return { db, statements: () => statements };
  }

  it('should retry a write the database failed, storing each row once', async () => {
    const flaky = droppingConnection([1]);
    const log = createPredictionLog({ store: databaseStore(flaky.db), logger, options: { capacity: 10, flushRows: 10, flushIntervalMs: 10, rowsPerInsert: 10 } });
    const requestId = randomUUID();
    await log.append([entry(requestId, 0), entry(requestId, 1)]);
    await log.close();
    assert.deepEqual(
      (await loggedRows(requestId)).map((row) => row.inputs['index']),
      [0, 1],
    );
    assert.equal(flaky.statements(), 2);
    assert.deepEqual(log.stats(), { appended: 2, written: 2, pending: 0, waitedForRoom: 0, failedWrites: 1, lost: 0 });
  });

  it('should neither lose nor repeat a row when the connection drops while refused rows are written one by one', async () => {
    // Statements: 1 the batch, refused (a field name with a NUL); 2 row 0 alone, refused; 3 row 0
    // with the reason, dropped: retried, not lost. 4-5 as 1-2; 6 row 0 with the reason, stored;
    // 7 row 1 alone, dropped: the retry starts at row 1, not again at row 0. 8 rows 1 and 2.
    const flaky = droppingConnection([3, 7]);
    const log = createPredictionLog({ store: databaseStore(flaky.db), logger, options: { capacity: 10, flushRows: 10, flushIntervalMs: 10, rowsPerInsert: 10 } });
    const requestId = randomUUID();
    await log.append([entry(requestId, 0, { 'Lead\u0000Source': 'Web', index: 0 }), entry(requestId, 1), entry(requestId, 2)]);
    await log.close();
    const rows = await loggedRows(requestId);
    assert.deepEqual(
      rows.map((row) => row.inputs['index'] ?? 'not stored'),
      [1, 2, 'not stored'],
    );
    assert.equal(flaky.statements(), 8);
    assert.deepEqual(log.stats(), { appended: 3, written: 3, pending: 0, waitedForRoom: 0, failedWrites: 2, lost: 0 });
  });

  it('should write what a closing API still holds', async () => {
    const second = await startTestApi(database);
    const requestId = randomUUID();
    const response = await second.request('/v1/score', { method: 'POST', key: fixture.workspace.users.rep.key, json: { model: LEAD_MODEL, records: [{}, {}, {}] }, headers: { 'x-request-id': requestId } });
    assert.equal(response.status, 200);
    await second.close();
    const [row] = await database.sql<{ count: number }[]>`select count(*)::int as count from prediction_logs where request_id = ${requestId}`;
    assert.equal(row!.count, 3);
  });
});
