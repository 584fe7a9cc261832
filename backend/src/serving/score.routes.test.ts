import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ROLES, scoreResponseSchema, type ScoreResponse } from '@scorebridge/shared';
import { expectError, expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { linearProbabilities, zipMapClassifier } from '../registry/uploaded-models/test-support/test-models.ts';
import { LEAD_MODEL as MODEL, leadRecords, pointAlias, useLeadModelFixture } from './test-support/lead-models.ts';

describe('POST /v1/score', function () {
  this.timeout(180_000);
  const database = useTestDatabase();
  const fixture = useLeadModelFixture(database, 'serving');

  /** POST /v1/score with a key (null: none). */
  function post(body: Record<string, unknown>, key: string | null = fixture.workspace.users.rep.key, headers: Record<string, string> = {}): Promise<Response> {
    return fixture.api.request('/v1/score', { method: 'POST', ...(key === null ? {} : { key }), json: body, headers });
  }

  async function score(body: Record<string, unknown>, key = fixture.workspace.users.analyst.key, headers: Record<string, string> = {}): Promise<ScoreResponse> {
    return scoreResponseSchema.parse(await expectJson(await post(body, key, headers), 200));
  }

  it('should score records for every role, in order, with a score, a grade and the model version', async () => {
    const records = leadRecords(5, 11);
    for (const role of ROLES) {
      const response = await score({ model: MODEL, records }, fixture.workspace.users[role].key);
      assert.deepEqual(
        { name: response.model.name, version: response.model.version, versionId: response.model.versionId, via: response.model.via },
        { name: MODEL, version: 1, versionId: fixture.v1.versionId, via: 'champion' },
      );
      assert.equal(response.results.length, 5);
      for (const result of response.results) {
        assert.ok(result.probability !== null && result.probability >= 0 && result.probability <= 1);
        assert.equal(result.score, Math.min(99, Math.max(1, Math.round(100 * result.probability))));
        assert.match(result.grade ?? '', /^[A-D]$/);
      }
    }
    // The same records in another order get the same scores in that order.
    const forward = await score({ model: MODEL, records });
    const backward = await score({ model: MODEL, records: [...records].reverse() });
    assert.deepEqual(backward.results.map((result) => result.probability), forward.results.map((result) => result.probability).reverse());
  });

  it('should give reasons whose points add up to the score minus the base score', async () => {
    const response = await score({ model: MODEL, records: leadRecords(200, 12), reasons: 50 });
    const bases = new Set(response.results.map((result) => result.baseScore));
    assert.equal(bases.size, 1, 'one base score per model');
    assert.ok(response.model.explanation === 'tree-shap' || response.model.explanation === 'linear');
    let listed = 0;
    for (const result of response.results) {
      const { positive, negative, otherPoints } = result.reasons;
      const sum = [...positive, ...negative].reduce((total, reason) => total + reason.points, 0);
      assert.equal(result.baseScore! + sum + otherPoints, result.score, JSON.stringify(result));
      assert.equal(otherPoints, 0, 'every field is listed when 50 are asked for');
      assert.ok(positive.every((reason, index) => reason.points > 0 && (index === 0 || reason.points <= positive[index - 1]!.points)));
      assert.ok(negative.every((reason, index) => reason.points < 0 && (index === 0 || reason.points >= negative[index - 1]!.points)));
      listed += positive.length + negative.length;
    }
    assert.ok(listed > 200, 'records have reasons');

    const top = await score({ model: MODEL, records: leadRecords(50, 12) });
    for (const result of top.results) {
      const { positive, negative, otherPoints } = result.reasons;
      assert.ok(positive.length <= 3 && negative.length <= 3);
      assert.equal(result.baseScore! + [...positive, ...negative].reduce((total, reason) => total + reason.points, 0) + otherPoints, result.score);
    }
    const texts = response.results.flatMap((result) => [...result.reasons.positive, ...result.reasons.negative].map((reason) => reason.text));
    assert.ok(texts.some((text) => /^Lead source is [A-Z]/.test(text)), texts.slice(0, 20).join('\n'));
  });

  it('should answer 401 without a credential and 404 for another workspace\'s model, by name, alias, number or version id', async () => {
    await expectError(await post({ model: MODEL, records: [{}] }, null), 401, 'unauthenticated');
    for (const model of [MODEL, `${MODEL}@champion`, `${MODEL}@1`, fixture.v1.versionId]) {
      for (const role of ROLES) {
        await expectError(await post({ model, records: [{}] }, fixture.other.users[role].key), 404, 'not_found');
      }
    }
    const error = await expectError(await post({ model: 'No such model', records: [{}] }), 404, 'not_found');
    assert.match(error.message, /Model "No such model" was not found/);
    await expectError(await post({ model: randomUUID(), records: [{}] }), 404, 'not_found');
    await expectError(await post({ model: `${MODEL}@challenger`, records: [{}] }), 404, 'not_found');
  });

  it('should read name@number, a version id and an alias', async () => {
    const records = leadRecords(1, 13);
    const byNumber = await score({ model: `${MODEL}@2`, records });
    assert.deepEqual([byNumber.model.versionId, byNumber.model.via], [fixture.v2.versionId, 'version 2']);
    const byId = await score({ model: fixture.v2.versionId, records });
    assert.deepEqual([byId.model.versionId, byId.model.via], [fixture.v2.versionId, 'version 2']);
    const byAlias = await score({ model: 'lead CONVERSION@Champion', records });
    assert.deepEqual([byAlias.model.versionId, byAlias.model.via], [fixture.v1.versionId, 'champion']);
    assert.equal(byNumber.results[0]!.probability, byId.results[0]!.probability);
  });

  it('should score what it can of bad records, name what it could not read, and refuse bad requests with the field', async () => {
    const [good] = leadRecords(1, 14);
    const response = await score({ model: MODEL, records: [1, 'text', null, [good], { ...good, AnnualRevenue: 'lots', CreatedDate: 'soon' }, {}, good] });
    const [number, text, nothing, array, unreadable, empty, fine] = response.results;
    for (const [result, what] of [[number, 'a number'], [text, 'a string'], [nothing, 'null'], [array, 'an array']] as const) {
      assert.deepEqual([result!.probability, result!.score, result!.grade, result!.baseScore], [null, null, null, null]);
      assert.equal(result!.problem, `the record is ${what}, not an object of field names and values`);
    }
    assert.ok(unreadable!.probability !== null && unreadable!.problem === undefined);
    assert.deepEqual(unreadable!.warnings?.map((warning) => warning.split(':')[0]), ['AnnualRevenue', 'CreatedDate']);
    assert.ok(empty!.score !== null, 'a record without fields is scored with every field missing');
    assert.ok(fine!.score !== null && fine!.warnings === undefined);

    const tooMany = await expectError(await post({ model: MODEL, records: Array.from({ length: 10_001 }, () => ({})) }), 422, 'validation_failed');
    assert.equal(tooMany.details?.[0]?.field, 'body.records');
    const none = await expectError(await post({ model: MODEL, records: [] }), 422, 'validation_failed');
    assert.equal(none.details?.[0]?.field, 'body.records');
    const reasons = await expectError(await post({ model: MODEL, records: [{}], reasons: 51 }), 422, 'validation_failed');
    assert.equal(reasons.details?.[0]?.field, 'body.reasons');
    const noModel = await expectError(await post({ records: [{}] }), 422, 'validation_failed');
    assert.equal(noModel.details?.[0]?.field, 'body.model');
    await expectError(await post({ model: `${MODEL}@`, records: [{}] }), 400, 'bad_request');
  });

  it('should score 10,000 records in one request', async () => {
    const records = leadRecords(10_000, 15);
    const started = performance.now();
    const response = await score({ model: MODEL, records, reasons: 0 });
    assert.equal(response.results.length, 10_000);
    assert.ok(response.results.every((result) => result.score !== null && result.reasons.positive.length === 0 && result.baseScore !== null));
    assert.ok(performance.now() - started < 30_000);
  });

  it('should run concurrent single-record requests in shared session runs', async () => {
    const before = fixture.api.scoring.stats().models.batches;
    const records = leadRecords(60, 16);
    const responses = await Promise.all(records.map((record) => score({ model: MODEL, records: [record] })));
    const alone = await score({ model: MODEL, records });
    assert.deepEqual(responses.map((response) => response.results[0]!.probability), alone.results.map((result) => result.probability));
    const after = fixture.api.scoring.stats().models.batches;
    assert.equal(after.requests - before.requests, 61);
    assert.ok(after.runs - before.runs < 40, `${after.runs - before.runs} runs for 61 requests`);
  });

  it('should log every score with its inputs, outputs, version and caller', async () => {
    const records = leadRecords(25, 17);
    const requestId = `log-test-${randomUUID()}`;
    const response = await score({ model: MODEL, records: [...records, 'not a record'], source: 'excel' }, fixture.workspace.users.service.key, { 'x-request-id': requestId });
    await fixture.api.scoring.flush();
    const rows = await database.sql<{ version_id: string; shadow: boolean; source: string; caller_user_id: string; caller_api_key_id: string; inputs: Record<string, unknown>; probability: number | null; score: number | null; grade: string | null; problem: string | null }[]>`
      select * from prediction_logs where request_id = ${requestId} order by id`;
    assert.equal(rows.length, 26);
    rows.forEach((row, index) => {
      assert.deepEqual(
        [row.version_id, row.shadow, row.source, row.caller_user_id, row.caller_api_key_id],
        [fixture.v1.versionId, false, 'excel', fixture.workspace.users.service.id, fixture.workspace.users.service.apiKeyId],
      );
      assert.equal(row.probability, response.results[index]!.probability);
      assert.equal(row.score, response.results[index]!.score);
    });
    assert.equal(rows[0]!.inputs['LeadSource'], records[0]!['LeadSource']);
    assert.equal(rows[0]!.inputs['IsConverted'], undefined, 'only the fields the model reads');
    assert.deepEqual([rows[25]!.inputs, rows[25]!.probability, rows[25]!.problem], [{ notAnObject: 'not a record' }, null, 'the record is a string, not an object of field names and values']);
  });

  it('should shadow-score with the challenger without changing the response', async () => {
    const records = leadRecords(30, 18);
    const body = { model: MODEL, records, reasons: 3 };
    const withoutChallenger = await score(body);
    await pointAlias(database, fixture.workspace.id, fixture.v2, 'challenger');
    const requestId = `shadow-test-${randomUUID()}`;
    let withChallenger: ScoreResponse;
    // The alias arrives by notification; wait until this process has heard of it.
    for (let tries = 0; ; tries++) {
      withChallenger = await score(body, fixture.workspace.users.analyst.key, { 'x-request-id': `${requestId}-${tries}` });
      await fixture.api.scoring.flush();
      const [shadow] = await database.sql<{ count: number }[]>`select count(*)::int as count from prediction_logs where request_id = ${`${requestId}-${tries}`} and shadow`;
      if (shadow!.count > 0) {
        assert.equal(shadow!.count, 30);
        break;
      }
      assert.ok(tries < 50, 'no shadow scores were logged');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual({ ...withChallenger, scoredAt: null }, { ...withoutChallenger, scoredAt: null });
    const shadows = await database.sql<{ version_id: string; probability: number }[]>`select version_id, probability from prediction_logs where request_id like ${`${requestId}-%`} and shadow order by id`;
    assert.ok(shadows.every((row) => row.version_id === fixture.v2.versionId));
    const challenger = await score({ model: `${MODEL}@challenger`, records });
    assert.deepEqual(shadows.slice(-30).map((row) => row.probability), challenger.results.map((result) => result.probability));

    // Asking for the challenger itself does not score it twice.
    const direct = `challenger-direct-${randomUUID()}`;
    await score({ model: `${MODEL}@challenger`, records }, fixture.workspace.users.analyst.key, { 'x-request-id': direct });
    await fixture.api.scoring.flush();
    const [logged] = await database.sql<{ count: number }[]>`select count(*)::int as count from prediction_logs where request_id = ${direct}`;
    assert.equal(logged!.count, 30);
  });

  it('should score with an uploaded ONNX model, without reasons', async () => {
    const upload = { onnxBase64: Buffer.from(zipMapClassifier()).toString('base64'), mapping: { kind: 'tensor', fields: ['a', 'b'] } };
    await expectJson(await fixture.api.request('/v1/models/Two%20fields/versions', { method: 'POST', key: fixture.workspace.users.analyst.key, json: upload }), 201);
    const response = await score({ model: 'Two fields', records: [{ a: 1, b: 2 }, { a: 'x', b: 1 }, 'no'], reasons: 3 });
    assert.deepEqual([response.model.kind, response.model.explanation, response.model.version], ['onnx', null, 1]);
    const [scored, unreadable, notRecord] = response.results;
    assert.ok(Math.abs(scored!.probability! - linearProbabilities([1, 2])[1]!) < 1e-6);
    assert.deepEqual([scored!.baseScore, scored!.reasons], [null, { positive: [], negative: [], otherPoints: 0 }]);
    assert.match(scored!.grade ?? '', /^[A-D]$/);
    assert.deepEqual([unreadable!.probability, typeof unreadable!.problem], [null, 'string']);
    assert.equal(notRecord!.problem, 'the record is a string, not an object of field names and values');
  });
});
