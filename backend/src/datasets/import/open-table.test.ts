import assert from 'node:assert/strict';
import { openTable } from './open-table.ts';
import { collectRows, expectInvalidData, useTempDir } from './test-fixtures/table-assertions.ts';
import { cell, row, writeWorkbook } from './test-fixtures/xlsx-workbook.ts';

describe('openTable', () => {
  const temp = useTempDir('open-table');
  const workbook = { sheets: [{ name: 'S', rows: [row(1, cell('A1', { t: 'inlineStr', inline: 'a' })), row(2, cell('A2', { v: '1' }))] }] };

  it('should read a .csv file as CSV and a .xlsx file as a workbook', async () => {
    const csv = await openTable(temp.file('leads.csv', 'a\n1\n'));
    assert.equal(csv.format, 'csv');
    assert.deepEqual(await collectRows(csv), [['1']]);
    const xlsx = await openTable(writeWorkbook(temp.file('leads.xlsx'), workbook));
    assert.equal(xlsx.format, 'xlsx');
    assert.deepEqual(await collectRows(xlsx), [['1']]);
  });

  it('should go by the content when the name misleads', async () => {
    const renamed = await openTable(writeWorkbook(temp.file('export.csv'), workbook));
    assert.equal(renamed.format, 'xlsx');
    const textXls = await openTable(temp.file('crm-export.xls', 'a\tb\n1\t2\n'));
    assert.equal(textXls.format, 'csv');
    assert.deepEqual(await collectRows(textXls), [['1', '2']]);
    const noExtension = await openTable(temp.file('export', 'a;b\n1;2\n'));
    assert.equal(noExtension.format, 'csv');
  });

  it('should reject a file named .xlsx that is not a zip archive', async () => {
    await expectInvalidData(() => openTable(temp.file('fake.xlsx', 'a,b\n1,2\n')), { message: /not an XLSX workbook: it is not a zip archive/ });
  });
});
