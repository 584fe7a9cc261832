import assert from 'node:assert/strict';
import { scoreResponseSchema } from '@scorebridge/shared';
import { expectJson } from '../../test/support/http-assertions.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { excelSerialToIso, withExcelDates } from './excel-dates.ts';
import { leadRecords, LEAD_MODEL, useLeadModelFixture } from './test-support/lead-models.ts';

describe('dates from Excel', () => {
  it('should read serial numbers as Excel does: days since 1899-12-30, the fraction the time of day', () => {
    assert.equal(excelSerialToIso(45_292), '2024-01-01T00:00:00.000Z');
    assert.equal(excelSerialToIso(45_292.75), '2024-01-01T18:00:00.000Z');
    assert.equal(excelSerialToIso(61), '1900-03-01T00:00:00.000Z');
    // Before 1900-03-01 Excel counts a day that never was; beyond 9999 it has no dates.
    for (const serial of [60, 0, -1, 3_000_000, Number.NaN]) assert.equal(excelSerialToIso(serial), null, String(serial));
  });

  it('should convert only numbers in date fields, leaving other fields and other records alone', () => {
    const records = [{ CreatedDate: 45_292, Amount: 45_292 }, { CreatedDate: '2024-01-01' }, 'not a record'];
    assert.deepEqual(withExcelDates(records, ['CreatedDate']), [{ CreatedDate: '2024-01-01T00:00:00.000Z', Amount: 45_292 }, { CreatedDate: '2024-01-01' }, 'not a record']);
    assert.equal(withExcelDates(records, [])[0], records[0]);
  });

  describe('through POST /v1/score', function () {
    this.timeout(120_000);
    const database = useTestDatabase();
    const fixture = useLeadModelFixture(database, 'excel-dates');

    it('should score a date sent as an Excel serial like the same date as text when the request comes from Excel, and not otherwise', async () => {
      const [lead] = leadRecords(1, 5);
      const created = new Date(String(lead!.CreatedDate));
      const serial = created.getTime() / 86_400_000 + 25_569;
      const score = async (record: Record<string, unknown>, source: 'api' | 'excel') =>
        scoreResponseSchema.parse(await expectJson(await fixture.api.request('/v1/score', { method: 'POST', key: fixture.workspace.users.analyst.key, json: { model: LEAD_MODEL, records: [record], source, reasons: 0 } }), 200)).results[0]!;
      const asText = await score({ ...lead, CreatedDate: created.toISOString() }, 'excel');
      const asSerial = await score({ ...lead, CreatedDate: serial }, 'excel');
      assert.equal(asSerial.probability, asText.probability);
      assert.equal(asSerial.warnings, undefined);
      const fromApi = await score({ ...lead, CreatedDate: serial }, 'api');
      assert.match((fromApi.warnings ?? []).join(' '), /CreatedDate/, 'a bare number in a date field is not guessed at outside Excel');
    });
  });
});
