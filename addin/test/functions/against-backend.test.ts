import assert from 'node:assert/strict';
import { errorValue, invocation } from './support/custom-functions-runtime.ts';
import { modelVersionSchema, scoreResponseSchema, servingRoutes } from '@scorebridge/shared';
import { z } from 'zod';
import { seedWorkspace, type SeededWorkspace } from '../../../backend/test/support/fixtures.ts';
import { expectJson } from '../../../backend/test/support/http-assertions.ts';
import { startTestApi, type TestApi } from '../../../backend/test/support/test-api.ts';
import { useTestDatabase } from '../../../backend/test/support/test-database.ts';
import { startTestWorker } from '../../../backend/test/support/test-worker.ts';
import { pointAlias, trainLeadVersion } from '../../../backend/src/serving/test-support/lead-models.ts';
import { generateRecordBatches } from '../../../backend/src/synthetic/index.ts';
import { createApiClient } from '../../src/api/index.ts';
import { createInputFieldsLookup } from '../../src/functions/input-fields.ts';
import { createPinnedScoreCache } from '../../src/functions/pinned-score-cache.ts';
import { cellValue } from '../../src/functions/record-arguments.ts';
import { createScoreBatcher } from '../../src/functions/score-batcher.ts';
import { createScorebridgeFunctions } from '../../src/functions/scorebridge-functions.ts';
import { createTableHeaderSource } from '../../src/functions/table-headers.ts';

const MODEL = 'Lead conversion';

describe('the worksheet functions against the real backend', function () {
  this.timeout(180_000);
  const database = useTestDatabase();
  let api: TestApi;
  let workspace: SeededWorkspace;
  let fields: string[];
  let rows: unknown[][];
  const requests: string[] = [];

  /** The add-in's own client and library over the test API, counting every HTTP request it makes. */
  function functionsWith(batchSize?: number) {
    const countingFetch: typeof fetch = (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const client = createApiClient({ baseUrl: api.baseUrl, credential: () => workspace.users.analyst.key, fetch: countingFetch });
    const batcher = createScoreBatcher({ send: (body, signal) => client.call(servingRoutes.score, { body: { ...body, source: 'excel' }, signal }), cache: createPinnedScoreCache(), ...(batchSize ? { batchSize } : {}) });
    return createScorebridgeFunctions({ client, batcher, inputFields: createInputFieldsLookup(client), tableHeaders: createTableHeaderSource({ run: () => Promise.reject(new Error('no workbook in this test')) }) });
  }
  const scoreRequests = () => requests.filter((request) => request === 'POST /v1/score').length;

  before(async () => {
    api = await startTestApi(database);
    await startTestWorker(api, database);
    workspace = await seedWorkspace(database.db, 'addin-functions');
    const version = await trainLeadVersion(api, database, workspace, MODEL, 1);
    await pointAlias(database, workspace.id, version, 'champion');
    const versions = z.object({ items: z.array(modelVersionSchema) }).parse(await expectJson(await api.request(`/v1/models/${encodeURIComponent(MODEL)}/versions`, { key: workspace.users.analyst.key }), 200));
    fields = versions.items[0]!.inputFields;
    const generated = [...generateRecordBatches({ object: 'Lead', rows: 1000, seed: 31 })].flat() as Record<string, unknown>[];
    // Cells as Excel hands them over: one row per lead, the model's fields as columns, "" for empty cells.
    rows = generated.map((record) => fields.map((field) => record[field] ?? ''));
  });
  after(() => api.close());

  it('should score 1,000 cells of one recalculation in one POST /v1/score, with the numbers the API gives for those records', async () => {
    const functions = functionsWith();
    requests.length = 0;
    const cells = await Promise.all(rows.map((row) => functions.score([row], [fields], MODEL, invocation())));
    assert.equal(scoreRequests(), 1, requests.join('\n'));
    assert.deepEqual(requests.filter((request) => request !== 'POST /v1/score'), [`GET /v1/models/${encodeURIComponent(MODEL)}/versions`], 'and one lookup of the input fields');

    const direct = scoreResponseSchema.parse(
      await expectJson(await api.request('/v1/score', { method: 'POST', key: workspace.users.analyst.key, json: { model: MODEL, reasons: 0, records: rows.map((row) => Object.fromEntries(fields.map((field, column) => [field, cellValue(row[column])]))) } }), 200),
    );
    assert.deepEqual(
      cells.map((cell) => cell[0]![0]),
      direct.results.map((result) => result.probability),
    );
  });

  it('should make ceil(N / batch size) requests for a smaller batch size, and answer a pinned version from what it already scored', async () => {
    const functions = functionsWith(300);
    requests.length = 0;
    const first = await Promise.all(rows.map((row) => functions.score([row], [fields], `${MODEL}@1`, invocation())));
    assert.equal(scoreRequests(), Math.ceil(1000 / 300));
    const again = await Promise.all(rows.map((row) => functions.score([row], [fields], `${MODEL}@1`, invocation())));
    assert.equal(scoreRequests(), Math.ceil(1000 / 300), 'the second recalculation sends nothing');
    assert.deepEqual(again, first);
  });

  it('should name a column the model reads that the headers lack, and spill a range of rows', async () => {
    const functions = functionsWith();
    const dropped = fields.at(-1)!;
    await assert.rejects(functions.score([rows[0]!.slice(0, -1)], [fields.slice(0, -1)], MODEL, invocation()), (error: unknown) => errorValue(error)?.code === '#VALUE!' && errorValue(error)?.message === `column ${dropped} missing`);
    const grades = await functions.grade(rows.slice(0, 5), [fields], MODEL, invocation());
    assert.equal(grades.length, 5);
    assert.ok(grades.every((row) => /^[A-D]$/.test(String(row[0]))), JSON.stringify(grades));
    const reasons = await functions.explain(rows.slice(0, 2), [fields], MODEL, 2, invocation());
    assert.ok(reasons.every((row) => row.length === 2 && row.every((cell) => typeof cell === 'string' && / \([+\u2212]\d+\)$/.test(cell))), JSON.stringify(reasons));
  });
});
