import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { readXlsx } from './read-xlsx.ts';
import { collectRows, expectInvalidData, openFileCount, useTempDir } from './test-fixtures/table-assertions.ts';
import { cell, row, workbookEntries, writeWorkbook, type WorkbookSpec } from './test-fixtures/xlsx-workbook.ts';
import { zipBytes, type ZipEntrySpec } from './test-fixtures/zip-file.ts';

describe('readXlsx', () => {
  const temp = useTempDir('xlsx');

  /** Writes a workbook whose parts a test may change or add to. */
  function writeEntries(name: string, spec: WorkbookSpec, change: (entries: ZipEntrySpec[]) => ZipEntrySpec[] = (entries) => entries): string {
    const filePath = temp.file(name);
    writeFileSync(filePath, zipBytes(change(workbookEntries(spec))));
    return filePath;
  }

  function replacePart(entries: ZipEntrySpec[], name: string, data: string): ZipEntrySpec[] {
    return entries.map((entry) => (entry.name === name ? { ...entry, data } : entry));
  }

  const header = (...names: string[]) => row(1, ...names.map((name, index) => cell(`${String.fromCharCode(65 + index)}1`, { t: 'inlineStr', inline: name })));

  describe('good workbooks', () => {
    it('should read shared strings, numbers, dates, booleans, inline strings and empty cells', async () => {
      const file = writeWorkbook(temp.file('types.xlsx'), {
        sharedStrings: ['name', 'amount', 'closed', 'won', 'created', 'updated', 'at', 'Acme', 'Globex & Co'],
        numberFormats: { 164: 'yyyy-mm-dd hh:mm', 165: '#,##0.00 "EUR"' },
        // Style 0 general, 1 built-in date (14), 2 custom date-time, 3 built-in time (21), 4 custom number format.
        cellStyles: [0, 14, 164, 21, 165],
        sheets: [
          {
            name: 'Opportunities',
            rows: [
              row(1, ...['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((column, index) => cell(`${column}1`, { t: 's', v: String(index) }))),
              row(
                2,
                cell('A2', { t: 's', v: '7' }),
                cell('B2', { v: '1234.5', s: 4 }),
                cell('C2', { v: '45123', s: 1 }),
                cell('D2', { t: 'b', v: '1' }),
                cell('E2', { v: '45000.75', s: 2 }),
                cell('F2', { t: 'str', v: 'formula text' }),
                cell('G2', { v: '0.5', s: 3 }),
              ),
              row(3, cell('A3', { t: 's', v: '8' }), cell('B3', { v: '1.0000000000000001E-2' }), cell('C3', { t: 'e', v: '#N/A' }), cell('D3', { t: 'b', v: '0' }), cell('E3', { t: 'inlineStr', inline: 'inline text' })),
            ],
          },
        ],
      });
      const table = await readXlsx(file);
      assert.equal(table.sheet, 'Opportunities');
      assert.deepEqual(table.columns, ['name', 'amount', 'closed', 'won', 'created', 'updated', 'at']);
      assert.deepEqual(await collectRows(table), [
        ['Acme', '1234.5', '2023-07-16', 'true', '2023-03-15T18:00:00', 'formula text', '12:00:00'],
        ['Globex & Co', '0.01', null, 'false', 'inline text', null, null],
      ]);
    });

    it('should fill sparse rows with null and skip rows without values', async () => {
      const file = writeWorkbook(temp.file('sparse.xlsx'), {
        sheets: [
          {
            name: 'Leads',
            rows: [
              header('a', 'b', 'c', 'd'),
              row(2, cell('D2', { v: '4' })),
              row(3), // a row Excel lists only for its formatting
              row(5, cell('A5', { v: '1' }), cell('B5', { t: 's', v: '' }), cell('C5', { t: 'inlineStr', inline: '' }), cell('D5', { v: '' })),
              row(9, cell('B9', { v: '2' })),
            ],
          },
        ],
      });
      assert.deepEqual(await collectRows(await readXlsx(file)), [
        [null, null, null, '4'],
        ['1', null, null, null],
        [null, '2', null, null],
      ]);
    });

    it('should read cells and rows that carry no reference, in order', async () => {
      const file = writeWorkbook(temp.file('no-references.xlsx'), {
        sheets: [{ name: 'S', rows: ['<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>', '<row><c><v>1</v></c><c><v>2</v></c></row>'] }],
      });
      assert.deepEqual(await collectRows(await readXlsx(file)), [['1', '2']]);
    });

    it('should read the first visible sheet by default and a named sheet on request', async () => {
      const spec: WorkbookSpec = {
        sheets: [
          { name: 'Lookups', hidden: true, rows: [header('code'), row(2, cell('A2', { v: '1' }))] },
          { name: 'Leads', rows: [header('lead'), row(2, cell('A2', { v: '2' }))] },
          { name: 'Accounts', rows: [header('account'), row(2, cell('A2', { v: '3' }))] },
        ],
      };
      const file = writeWorkbook(temp.file('sheets.xlsx'), spec);
      assert.deepEqual((await readXlsx(file)).columns, ['lead']);
      const accounts = await readXlsx(file, { sheet: 'accounts' });
      assert.equal(accounts.sheet, 'Accounts');
      assert.deepEqual(await collectRows(accounts), [['3']]);
    });

    it('should count dates from 1904 when the workbook says so', async () => {
      const file = writeWorkbook(temp.file('1904.xlsx'), {
        date1904: true,
        cellStyles: [0, 14],
        sheets: [{ name: 'S', rows: [header('day'), row(2, cell('A2', { v: '43000', s: 1 }))] }],
      });
      assert.deepEqual(await collectRows(await readXlsx(file)), [['2021-09-23']]);
    });

    it('should join rich-text runs, leave out phonetic guides and decode escaped characters', async () => {
      const file = writeEntries('rich.xlsx', { sharedStrings: [], sheets: [{ name: 'S', rows: [header('text'), row(2, cell('A2', { t: 's', v: '0' })), row(3, cell('A3', { t: 's', v: '1' })), row(4, cell('A4', { t: 's', v: '2' }))] }] }, (entries) =>
        replacePart(
          entries,
          'xl/sharedStrings.xml',
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> plain</t></r></si>' +
            '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><t>line_x000D_break</t></si></sst>',
        ),
      );
      assert.deepEqual(await collectRows(await readXlsx(file)), [['Bold plain'], ['東京'], ['line\rbreak']]);
    });

    it('should read parts whose elements carry a namespace prefix', async () => {
      const file = writeEntries('prefixed.xlsx', { sheets: [{ name: 'S', rows: [] }] }, (entries) =>
        replacePart(
          entries,
          'xl/worksheets/sheet1.xml',
          '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
            '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c></x:row>' +
            '</x:sheetData></x:worksheet>',
        ),
      );
      assert.deepEqual(await collectRows(await readXlsx(file)), [['7']]);
    });

    it('should stream a larger sheet in batches', async () => {
      const rows = [header('id', 'name')];
      for (let number = 2; number <= 12_001; number += 1) rows.push(row(number, cell(`A${number}`, { v: String(number - 1) }), cell(`B${number}`, { t: 'inlineStr', inline: `lead ${number - 1}` })));
      const file = writeWorkbook(temp.file('larger.xlsx'), { sheets: [{ name: 'S', rows }] });
      const sizes: number[] = [];
      let last: unknown;
      for await (const batch of (await readXlsx(file)).batches) {
        sizes.push(batch.length);
        last = batch.at(-1);
      }
      assert.deepEqual(sizes, [5_000, 5_000, 2_000]);
      assert.deepEqual(last, ['12000', 'lead 12000']);
    });
  });

  it('should release the file when the caller stops early and when a workbook is rejected', async function () {
    const before = openFileCount();
    // File descriptors can only be counted where /proc shows them.
    if (before === undefined) this.skip();
    const rows = [header('a')];
    for (let number = 2; number <= 20_000; number += 1) rows.push(row(number, cell(`A${number}`, { v: String(number) })));
    const file = writeWorkbook(temp.file('release.xlsx'), { sheets: [{ name: 'S', rows }] });
    const headerOnly = writeWorkbook(temp.file('release-header-only.xlsx'), { sheets: [{ name: 'S', rows: [header('a')] }] });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      for await (const _ of (await readXlsx(file, { batchSize: 100 })).batches) break;
      await assert.rejects(readXlsx(headerOnly));
      await assert.rejects(readXlsx(file, { maxCellChars: 1 }));
    }
    // Closing a file descriptor is asynchronous; give the closes a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(openFileCount()! - before! < 5, `${openFileCount()! - before!} files were left open`);
  });

  describe('bad workbooks', () => {
    it('should reject a file that is not a zip archive at all', async () => {
      await expectInvalidData(() => readXlsx(temp.file('text.xlsx', 'name,amount\nAcme,1\n')), { message: /not an XLSX workbook: it is not a zip archive/ });
      await expectInvalidData(() => readXlsx(temp.file('empty.xlsx', '')), { message: /The file is empty/ });
    });

    it('should reject an old .xls or password-protected workbook with advice', async () => {
      await expectInvalidData(() => readXlsx(temp.file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))), { message: /old-style \.xls workbook or a password-protected one/ });
    });

    it('should reject a truncated zip archive', async () => {
      const bytes = zipBytes(workbookEntries({ sheets: [{ name: 'S', rows: [header('a'), row(2, cell('A2', { v: '1' }))] }] }));
      await expectInvalidData(() => readXlsx(temp.file('truncated.xlsx', bytes.subarray(0, bytes.length - 30))), { message: /zip structure is damaged/ });
    });

    it('should reject a zip archive that holds no workbook', async () => {
      const file = temp.file('document.xlsx', zipBytes([{ name: 'word/document.xml', data: '<document/>' }]));
      await expectInvalidData(() => readXlsx(file), { message: /zip archive but not an XLSX workbook/ });
    });

    it('should reject a workbook without worksheets, and a sheet name it does not have', async () => {
      await expectInvalidData(() => readXlsx(writeWorkbook(temp.file('no-sheets.xlsx'), { sheets: [] })), { message: /has no worksheets/ });
      const file = writeWorkbook(temp.file('named.xlsx'), { sheets: [{ name: 'Leads', rows: [header('a'), row(2, cell('A2', { v: '1' }))] }] });
      await expectInvalidData(() => readXlsx(file, { sheet: 'Deals' }), { message: /no worksheet named "Deals"; its worksheets are "Leads"/ });
    });

    it('should reject a zip bomb whose declared sizes give it away, before inflating anything', async () => {
      const file = writeEntries('declared-bomb.xlsx', { sheets: [{ name: 'S', rows: [header('a'), row(2, cell('A2', { v: '1' }))] }] }, (entries) => [
        ...entries,
        { name: 'xl/media/padding.bin', data: Buffer.alloc(20 * 1024 * 1024) },
      ]);
      await expectInvalidData(() => readXlsx(file), { message: /xl\/media\/padding\.bin unpacks to [\d,]+ times its packed size \(at most 200 times is accepted\); it may be a zip bomb/ });
    });

    it('should stop inflating a zip bomb whose headers declare small sizes', async () => {
      // The sheet declares 2 KB but inflates to 50 MB of whitespace: the pre-check passes, inflation must not.
      const bomb = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, cell('A1', { t: 'inlineStr', inline: 'a' }))}${' '.repeat(50 * 1024 * 1024)}</sheetData></worksheet>`;
      const file = writeEntries('lying-bomb.xlsx', { sheets: [{ name: 'S', rows: [] }] }, (entries) =>
        entries.map((entry) => (entry.name === 'xl/worksheets/sheet1.xml' ? { name: entry.name, data: bomb, declaredSize: 2_048 } : entry)),
      );
      const before = process.memoryUsage().rss;
      await expectInvalidData(() => readXlsx(file), { message: /xl\/worksheets\/sheet1\.xml unpacks to more than the 2 KB it declares; it may be a zip bomb/ });
      assert.ok(process.memoryUsage().rss - before < 40 * 1024 * 1024, 'the bomb must not be inflated into memory');
    });

    it('should reject a workbook that declares more content than the total limit, or too many parts', async () => {
      const file = writeWorkbook(temp.file('big.xlsx'), { sheets: [{ name: 'S', rows: [header('a'), row(2, cell('A2', { v: '1' }))] }] });
      await expectInvalidData(() => readXlsx(file, { zipLimits: { maxTotalBytes: 500 } }), { message: /declares more than 500 bytes of content/ });
      await expectInvalidData(() => readXlsx(file, { zipLimits: { maxEntries: 3 } }), { message: /has 5 parts; at most 3 are accepted/ });
    });

    it('should reject an empty sheet and a sheet with a header but no rows', async () => {
      await expectInvalidData(() => readXlsx(writeWorkbook(temp.file('empty-sheet.xlsx'), { sheets: [{ name: 'Leads', rows: [row(1), row(2)] }] })), { message: /sheet "Leads" is empty/ });
      await expectInvalidData(() => readXlsx(writeWorkbook(temp.file('header-only.xlsx'), { sheets: [{ name: 'Leads', rows: [header('a', 'b')] }] })), {
        message: /sheet "Leads" has a header but no rows/,
      });
    });

    it('should reject duplicate and empty header names, naming positions with their column letters', async () => {
      const duplicates = writeWorkbook(temp.file('duplicates.xlsx'), { sheets: [{ name: 'S', rows: [header('id', 'stage', 'id'), row(2, cell('A2', { v: '1' }))] }] });
      await expectInvalidData(() => readXlsx(duplicates), { message: /repeats column names: "id" at positions 1 \(A\), 3 \(C\)/, location: { row: 0, column: 'id' } });
      const unnamed = writeWorkbook(temp.file('unnamed.xlsx'), {
        sheets: [{ name: 'S', rows: [row(1, cell('A1', { t: 'inlineStr', inline: 'id' }), cell('C1', { t: 'inlineStr', inline: 'stage' })), row(2, cell('A2', { v: '1' }))] }],
      });
      await expectInvalidData(() => readXlsx(unnamed), { message: /no name for 1 column at 2 \(B\)/, location: { row: 0 } });
    });

    it('should reject a value to the right of the header, naming its cell and row', async () => {
      const file = writeWorkbook(temp.file('beyond.xlsx'), { sheets: [{ name: 'S', rows: [header('a', 'b'), row(2, cell('A2', { v: '1' })), row(4, cell('A4', { v: '2' }), cell('D4', { v: '9' }))] }] });
      await expectInvalidData(() => readXlsx(file), { message: /value in column D \(sheet row 4\) but the header has only 2 columns \(A–B\)/, location: { row: 2 } });
    });

    it('should reject too many columns', async () => {
      const file = writeWorkbook(temp.file('wide.xlsx'), { sheets: [{ name: 'S', rows: [row(1, cell('A1', { t: 'inlineStr', inline: 'a' }), cell('Z1', { t: 'inlineStr', inline: 'z' })), row(2, cell('A2', { v: '1' }))] }] });
      await expectInvalidData(() => readXlsx(file, { maxColumns: 10 }), { message: /header has 26 columns \(up to column Z\); at most 10 are allowed/, location: { row: 0 } });
    });

    it('should reject a cell over the size limit while reading it, naming its row and column', async () => {
      const file = writeWorkbook(temp.file('long-cell.xlsx'), {
        sheets: [{ name: 'S', rows: [header('id', 'notes'), row(2, cell('A2', { v: '1' }), cell('B2', { t: 'inlineStr', inline: 'ok' })), row(3, cell('A3', { v: '2' }), cell('B3', { t: 'inlineStr', inline: 'x'.repeat(100) }))] }],
      });
      await expectInvalidData(() => readXlsx(file, { maxCellChars: 50 }), { message: /longer than the limit of 50 characters/, location: { row: 2, column: 'notes' } });
    });

    it('should reject a shared string index the workbook does not have', async () => {
      const file = writeWorkbook(temp.file('bad-index.xlsx'), { sharedStrings: ['a'], sheets: [{ name: 'S', rows: [header('a'), row(2, cell('A2', { t: 's', v: '5' }))] }] });
      await expectInvalidData(() => readXlsx(file), { message: /refers to shared string 5/, location: { row: 1, column: 'a' } });
    });

    it('should reject malformed XML and a DOCTYPE', async () => {
      const malformed = writeEntries('malformed.xlsx', { sheets: [{ name: 'S', rows: [] }] }, (entries) => replacePart(entries, 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1"></row></sheetData></worksheet>'));
      await expectInvalidData(() => readXlsx(malformed), { message: /xl\/worksheets\/sheet1\.xml is not well-formed XML/ });
      const doctype = writeEntries('doctype.xlsx', { sheets: [{ name: 'S', rows: [] }] }, (entries) =>
        replacePart(entries, 'xl/workbook.xml', '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaa">]><workbook><sheets/></workbook>'),
      );
      await expectInvalidData(() => readXlsx(doctype), { message: /declares a DOCTYPE/ });
    });

    it('should reject the iteration when a bad row comes after earlier batches', async () => {
      const rows = [header('a')];
      for (let number = 2; number <= 3_001; number += 1) rows.push(row(number, cell(`A${number}`, { v: String(number) })));
      rows.push(row(3_002, cell('A3002', { v: '1' }), cell('C3002', { v: '2' })));
      const file = writeWorkbook(temp.file('late-bad.xlsx'), { sheets: [{ name: 'S', rows }] });
      const table = await readXlsx(file, { batchSize: 1_000 });
      let received = 0;
      await assert.rejects(
        (async () => {
          for await (const batch of table.batches) received += batch.length;
        })(),
        /value in column C \(sheet row 3002\)/,
      );
      assert.ok(received <= 3_000);
    });
  });
});
