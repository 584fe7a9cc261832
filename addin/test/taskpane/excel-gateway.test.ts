import assert from 'node:assert/strict';
import { ensureTableColumns, isDateFormat, readSelectedTable, readTableRows, writeTableColumns } from '../../src/taskpane/excel-gateway.ts';
import { installWorkbookMock, type WorkbookMock } from '../support/excel-workbook-mock.ts';

describe('the Excel gateway (office-addin-mock)', () => {
  let workbook: WorkbookMock;

  beforeEach(() => {
    workbook = installWorkbookMock([
      {
        name: 'Leads',
        worksheet: 'Pipeline',
        header: ['Lead Source', 'Created', 'Revenue'],
        rows: [
          ['Web', 45_000, 1200],
          ['Partner', 45_001, ''],
          ['Phone', 45_002, 300],
        ],
        numberFormats: ['General', 'm/d/yyyy', '#,##0'],
      },
    ]);
  });
  afterEach(() => {
    delete (globalThis as { Excel?: unknown }).Excel;
  });

  it('should describe the selected table: name, sheet, header, row count and date columns', async () => {
    assert.deepEqual(await readSelectedTable(), { name: 'Leads', worksheet: 'Pipeline', columns: ['Lead Source', 'Created', 'Revenue'], rowCount: 3, dateColumns: ['Created'] });
  });

  it('should say what to do when the selection is not in a table', async () => {
    workbook.select(null);
    await assert.rejects(readSelectedTable(), /Select a cell inside an Excel table first .*Format as Table/);
  });

  it('should read rows by position under the header', async () => {
    assert.deepEqual(await readTableRows('Leads', 1, 2), [
      ['Partner', 45_001, ''],
      ['Phone', 45_002, 300],
    ]);
    assert.deepEqual(await readTableRows('Leads', 0, 0), []);
  });

  it('should add only the missing columns, and keep the spelling of those that exist', async () => {
    assert.deepEqual(await ensureTableColumns('Leads', ['Score', 'revenue']), { added: ['Score'], columns: { Score: 'Score', revenue: 'Revenue' } });
    assert.deepEqual(workbook.tables[0]!.header, ['Lead Source', 'Created', 'Revenue', 'Score']);
    assert.deepEqual(await ensureTableColumns('Leads', ['Score']), { added: [], columns: { Score: 'Score' } });
    assert.deepEqual(workbook.tables[0]!.header, ['Lead Source', 'Created', 'Revenue', 'Score']);
  });

  it('should write several columns from a row down in one sync', async () => {
    await ensureTableColumns('Leads', ['Score', 'Grade']);
    const before = workbook.syncs.length;
    await writeTableColumns('Leads', 1, { Score: [71, 12], Grade: ['B', 'D'] });
    assert.equal(workbook.syncs.length - before, 1);
    assert.deepEqual(workbook.column('Leads', 'Score'), ['', 71, 12]);
    assert.deepEqual(workbook.column('Leads', 'Grade'), ['', 'B', 'D']);
    assert.deepEqual(workbook.column('Leads', 'Lead Source'), ['Web', 'Partner', 'Phone']);
  });

  it('should recognise date formats and not numbers or times', () => {
    for (const format of ['m/d/yyyy', 'yyyy-mm-dd', 'd-mmm-yy', '[$-409]mmmm d, yyyy;@']) assert.ok(isDateFormat(format), format);
    for (const format of ['General', '0.00', '#,##0', 'h:mm', '"day "0', '@', null]) assert.ok(!isDateFormat(format), String(format));
  });
});
