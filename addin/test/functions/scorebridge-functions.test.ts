import assert from 'node:assert/strict';
import { errorValue, invocation } from './support/custom-functions-runtime.ts';
import { servingRoutes } from '@scorebridge/shared';
import { createApiClient, type ApiClient } from '../../src/api/index.ts';
import { createInputFieldsLookup } from '../../src/functions/input-fields.ts';
import { createPinnedScoreCache } from '../../src/functions/pinned-score-cache.ts';
import { createScoreBatcher } from '../../src/functions/score-batcher.ts';
import { createScorebridgeFunctions, type ScorebridgeFunctions } from '../../src/functions/scorebridge-functions.ts';
import { createTableHeaderSource } from '../../src/functions/table-headers.ts';
import { startFakeScoringApi, type FakeScoringApi } from './support/fake-scoring-api.ts';
import { createSheetTablesMock, type SheetTablesMock } from './support/sheet-tables-mock.ts';

describe('SCORE, GRADE, EXPLAIN and MODELINFO', () => {
  let api: FakeScoringApi;
  let excel: SheetTablesMock;

  before(async () => {
    api = await startFakeScoringApi();
  });
  after(() => api.close());

  function functionsOver(baseUrl: string, credential = 'sbk_test'): ScorebridgeFunctions {
    const client: ApiClient = createApiClient({ baseUrl, credential: () => credential });
    excel = createSheetTablesMock({ Leads: [{ address: 'Leads!B1:D11', header: ['Revenue', 'Industry', 'Owner'] }] });
    return createScorebridgeFunctions({
      client,
      batcher: createScoreBatcher({ send: (body, signal) => client.call(servingRoutes.score, { body: { ...body, source: 'excel' }, signal }), cache: createPinnedScoreCache(), quietMs: 5 }),
      inputFields: createInputFieldsLookup(client),
      tableHeaders: createTableHeaderSource({ run: excel.run }),
    });
  }

  const headers = [['Revenue', 'Industry']];

  it('should give a row its probability, and spill one per row for several rows, with error values for rows that cannot be scored', async () => {
    const functions = functionsOver(api.baseUrl);
    assert.deepEqual(await functions.score([[420, 'Retail']], headers, 'Lead conversion', invocation()), [[0.42]]);
    const spilled = await functions.score(
      [
        [100, 'Retail'],
        ['', ''],
        ['bad', 'Retail'],
        [900, 'Retail'],
      ],
      headers,
      'Lead conversion',
      invocation(),
    );
    assert.equal(spilled[0]![0], 0.1);
    assert.deepEqual(errorValue(spilled[1]![0]), { code: '#N/A', message: 'empty row' });
    assert.deepEqual(errorValue(spilled[2]![0]), { code: '#VALUE!', message: 'Revenue "bad" is not a number' });
    assert.equal(spilled[3]![0], 0.9);
    assert.deepEqual(await functions.grade([[100, 'Retail'], [900, 'Retail']], headers, 'Lead conversion', invocation()), [['D'], ['B']]);
  });

  it('should list the top k reasons of each record, largest effect first', async () => {
    const functions = functionsOver(api.baseUrl);
    assert.deepEqual(await functions.explain([[420, 'Retail']], headers, 'Lead conversion', 2, invocation()), [['Industry is Retail (\u221220)', 'Revenue is 420 (+12)']]);
    assert.deepEqual(await functions.explain([[420, 'Retail']], headers, 'Lead conversion', 3, invocation()), [['Industry is Retail (\u221220)', 'Revenue is 420 (+12)', '']]);
    await assert.rejects(functions.explain([[1, 'Retail']], headers, 'Lead conversion', 0, invocation()), (error: unknown) => errorValue(error)?.code === '#VALUE!' && /k must be a whole number from 1 to 50/.test(errorValue(error)!.message!));
  });

  it('should answer with error values carrying a message, never text: a missing column, an unknown model, no service, no sign-in', async () => {
    const functions = functionsOver(api.baseUrl);
    const failsWith = async (call: Promise<unknown>, code: string, message: RegExp) =>
      assert.rejects(call, (error: unknown) => {
        const value = errorValue(error);
        assert.ok(value, `an error value, not ${String(error)}`);
        assert.equal(value.code, code);
        assert.match(value.message ?? '', message);
        return true;
      });
    await failsWith(functions.score([[420]], [['Revenue']], 'Lead conversion', invocation()), '#VALUE!', /^column Industry missing$/);
    await failsWith(functions.score([[420, 'Retail']], headers, 'Opportunity win', invocation()), '#VALUE!', /^model "Opportunity win" was not found$/);
    await failsWith(functions.score([[420, 'Retail']], [['Revenue', 'Revenue']], 'Lead conversion', invocation()), '#VALUE!', /column Revenue appears twice/);
    await failsWith(functionsOver('http://127.0.0.1:9').score([[420, 'Retail']], headers, 'Lead conversion', invocation()), '#N/A', /^scoring service unreachable$/);
    await failsWith(functionsOver(api.baseUrl, 'sbk_wrong').score([[420, 'Retail']], headers, 'Lead conversion', invocation()), '#N/A', /^not signed in/);
  });

  it("should take the headers from the Excel table the record is in, reading the sheet's tables once per burst", async () => {
    const functions = functionsOver(api.baseUrl);
    const cells = Array.from({ length: 10 }, (_, row) => functions.score([[100 * (row + 1), 'Retail']], null, 'Lead conversion', invocation([`Leads!B${row + 2}:C${row + 2}`])));
    assert.deepEqual(
      (await Promise.all(cells)).map((cell) => cell[0]![0]),
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99],
    );
    assert.deepEqual([excel.runs, excel.syncs], [1, 2], 'one Excel.run with two syncs for the whole burst');

    const outside = functions.score([[420, 'Retail']], null, 'Lead conversion', invocation(['Leads!F2:G2']));
    await assert.rejects(outside, (error: unknown) => errorValue(error)?.code === '#VALUE!' && /give the header row as the second argument, or put the records in an Excel table/.test(errorValue(error)!.message!));
    const headerRow = functions.score([['Revenue', 'Industry']], null, 'Lead conversion', invocation(['Leads!B1:C1']));
    await assert.rejects(headerRow, (error: unknown) => errorValue(error)?.code === '#VALUE!');
  });

  it("should use the workspace's only model when the formula names none, and describe a model with MODELINFO", async () => {
    const functions = functionsOver(api.baseUrl);
    assert.deepEqual(await functions.score([[420, 'Retail']], headers, null, invocation()), [[0.42]]);
    const info = await functions.modelInfo('Lead conversion@champion');
    assert.deepEqual(info, [
      ['Model', 'Lead conversion'],
      ['Version', 3],
      ['Via', 'champion'],
      ['Aliases', 'champion'],
      ['Kind', 'gbdt'],
      ['Source', 'trained'],
      ['ROC AUC', 0.8123],
      ['Log loss', 0.41],
      ['Trained at', '2026-11-20 10:31 UTC'],
      ['Version id', '0b6f5a34-2c1d-4e6f-8a9b-0c1d2e3f4a5b'],
    ]);
    assert.deepEqual((await functions.modelInfo('0b6f5a34-2c1d-4e6f-8a9b-0c1d2e3f4a5b')).slice(0, 3), [['Model', 'Lead conversion'], ['Version', 3], ['Via', 'version 3']]);
    assert.deepEqual((await functions.modelInfo(undefined)).slice(0, 3), [['Model', 'Lead conversion'], ['Version', 3], ['Via', 'champion']]);
    await assert.rejects(functions.modelInfo('Lead conversion@7'), (error: unknown) => errorValue(error)?.message === 'version 7 of model "Lead conversion" not found');
  });

  it('should let Excel drop a cancelled cell without an error value', async () => {
    const functions = functionsOver(api.baseUrl);
    const call = invocation();
    const scored = functions.score([[420, 'Retail']], headers, 'Lead conversion@3', call);
    call.cancel();
    await assert.rejects(scored, { name: 'AbortError' });
  });
});
