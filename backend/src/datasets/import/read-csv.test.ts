import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readCsv } from './read-csv.ts';
import { collectRows, expectInvalidData, openFileCount, useTempDir } from './test-fixtures/table-assertions.ts';

describe('readCsv', () => {
  const temp = useTempDir('csv');

  describe('good files', () => {
    it('should read a semicolon-separated file with a UTF-8 byte order mark', async () => {
      const file = temp.file('bom.csv', '\uFEFF"age";"job";"y"\n56;"housemaid";"no"\n57;"services";"yes"\n');
      const table = await readCsv(file);
      assert.equal(table.delimiter, ';');
      assert.deepEqual(table.columns, ['age', 'job', 'y']);
      assert.deepEqual(await collectRows(table), [
        ['56', 'housemaid', 'no'],
        ['57', 'services', 'yes'],
      ]);
      assert.equal(table.encoding, 'utf-8');
    });

    it('should read a Latin-1 file and decode its accents', async () => {
      const file = temp.file('latin1.csv', Buffer.from('name,city\nJosé,Málaga\nZoë,Köln\n', 'latin1'));
      const table = await readCsv(file);
      assert.deepEqual(await collectRows(table), [
        ['José', 'Málaga'],
        ['Zoë', 'Köln'],
      ]);
      assert.equal(table.encoding, 'windows-1252');
    });

    it('should read Windows-1252 characters that Latin-1 lacks, such as the euro sign', async () => {
      const file = temp.file('cp1252.csv', Buffer.concat([Buffer.from('item;price\nfee;'), Buffer.from([0x80]), Buffer.from('12\n')]));
      assert.deepEqual(await collectRows(await readCsv(file)), [['fee', '€12']]);
    });

    it('should decide the encoding at the first accented character even when it comes late in the file', async () => {
      const ascii = Array.from({ length: 5_000 }, (_, index) => `lead ${index},open\n`).join('');
      const file = temp.file('late-latin1.csv', Buffer.concat([Buffer.from(`name,status\n${ascii}`), Buffer.from('Renée,won\n', 'latin1')]));
      const rows = await collectRows(await readCsv(file));
      assert.equal(rows.length, 5_001);
      assert.deepEqual(rows.at(-1), ['Renée', 'won']);
    });

    it('should keep UTF-8 characters that arrive split across chunks', async () => {
      const bytes = Buffer.from('name,city\nJosé,Zürich\n李,北京\n', 'utf8');
      const oneByteAtATime = Readable.from((function* () {
        for (const byte of bytes) yield Buffer.from([byte]);
      })());
      assert.deepEqual(await collectRows(await readCsv(oneByteAtATime)), [
        ['José', 'Zürich'],
        ['李', '北京'],
      ]);
    });

    it('should read quoted values with embedded newlines, delimiters and doubled quotes', async () => {
      const file = temp.file('quotes.csv', 'id,notes,amount\r\n1,"first line\r\nsecond line",10\r\n2,"says ""hi"", then leaves",20\r\n3,"",30\r\n');
      const table = await readCsv(file);
      assert.equal(table.delimiter, ',');
      assert.deepEqual(await collectRows(table), [
        ['1', 'first line\r\nsecond line', '10'],
        ['2', 'says "hi", then leaves', '20'],
        ['3', null, '30'],
      ]);
    });

    it('should sniff tab and pipe delimiters', async () => {
      assert.equal((await readCsv(temp.file('tabs.tsv', 'a\tb\tc\n1\t2\t3\n'))).delimiter, '\t');
      assert.equal((await readCsv(temp.file('pipes.txt', 'a|b|c\n1|2|3\n'))).delimiter, '|');
    });

    it('should read LF, CRLF and old Mac CR line endings alike, and a missing final newline', async () => {
      for (const ending of ['\n', '\r\n', '\r']) {
        const file = temp.file('endings.csv', ['a,b', '1,2', '3,4'].join(ending));
        assert.deepEqual(await collectRows(await readCsv(file)), [
          ['1', '2'],
          ['3', '4'],
        ]);
      }
    });

    it('should turn empty cells into null and skip blank lines', async () => {
      const file = temp.file('empty-cells.csv', 'a,b,c\n1,,3\n\n,,\n');
      assert.deepEqual(await collectRows(await readCsv(file)), [
        ['1', null, '3'],
        [null, null, null],
      ]);
    });

    it('should trim surrounding spaces from header names but keep cell text as it is', async () => {
      const table = await readCsv(temp.file('spaces.csv', ' name , amount\n Ann , 5 \n'));
      assert.deepEqual(table.columns, ['name', 'amount']);
      assert.deepEqual(await collectRows(table), [[' Ann ', ' 5 ']]);
    });

    it('should hand out rows in batches of the requested size', async () => {
      const file = temp.file('batches.csv', `n\n${Array.from({ length: 25 }, (_, index) => index).join('\n')}\n`);
      const table = await readCsv(file, { batchSize: 10 });
      const sizes: number[] = [];
      for await (const batch of table.batches) sizes.push(batch.length);
      assert.deepEqual(sizes, [10, 10, 5]);
    });

    it('should read the source only as fast as the caller pulls batches', async () => {
      const rowText = 'lead,0.5,open,EMEA\n';
      const totalRows = 200_000;
      let produced = 0;
      const source = Readable.from((function* () {
        yield Buffer.from('name,score,stage,region\n');
        for (let sent = 0; sent < totalRows; sent += 1_000) {
          produced += 1_000;
          yield Buffer.from(rowText.repeat(1_000));
        }
      })());
      const table = await readCsv(source, { batchSize: 1_000 });
      const iterator = table.batches[Symbol.asyncIterator]();
      await iterator.next();
      // Only stream buffers' worth beyond the first batch may have been read, not the whole source.
      assert.ok(produced < totalRows / 4, `the source was read ahead to row ${produced}`);
      await iterator.return?.();
      assert.ok(source.destroyed, 'stopping early should release the source');
    });

    it('should release the file when the caller stops early and when a file is rejected', async function () {
      const before = openFileCount();
      // File descriptors can only be counted where /proc shows them.
      if (before === undefined) this.skip();
      const file = temp.file('release.csv', `a,b\n${'1,2\n'.repeat(100_000)}`);
      const headerOnly = temp.file('release-header-only.csv', 'a,b\n');
      for (let attempt = 0; attempt < 10; attempt += 1) {
        for await (const _ of (await readCsv(file, { batchSize: 100 })).batches) break;
        await assert.rejects(readCsv(headerOnly));
        await assert.rejects(readCsv(file, { maxColumns: 1 }));
      }
      // Closing a file descriptor is asynchronous; give the closes a moment to land.
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(openFileCount()! - before! < 5, `${openFileCount()! - before!} files were left open`);
    });

    it('should use the delimiter the caller gives instead of sniffing', async () => {
      const table = await readCsv(temp.file('forced.csv', 'a;b,c\n1;2,3\n'), { delimiter: ',' });
      assert.deepEqual(table.columns, ['a;b', 'c']);
    });
  });

  describe('bad files', () => {
    it('should reject a row with too many cells, naming the row and both counts', async () => {
      await expectInvalidData(() => readCsv(temp.file('ragged-more.csv', 'a,b,c\n1,2,3\n4,5,6,7\n')), {
        message: /has 4 values but the header has 3 columns, on line 3/,
        location: { row: 2 },
      });
    });

    it('should reject a row with too few cells, naming the first missing column', async () => {
      await expectInvalidData(() => readCsv(temp.file('ragged-fewer.csv', 'a,b,c\n1,2,3\n4,5\n')), {
        message: /has 2 values but the header has 3 columns/,
        location: { row: 2, column: 'c' },
      });
    });

    it('should reject an unterminated quote, saying on which line its row starts', async () => {
      const file = temp.file('unterminated.csv', 'id,notes\n1,fine\n2,"never closed\n3,more\n4,text\n');
      await expectInvalidData(() => readCsv(file), {
        message: /quoted value in the row that starts on line 3 is never closed/,
        location: { row: 2, column: 'notes' },
      });
    });

    it('should reject an unterminated quote in the header', async () => {
      await expectInvalidData(() => readCsv(temp.file('unterminated-header.csv', 'id,"notes\n1,2\n')), {
        message: /quoted value in the header at column 2 is never closed/,
        location: { row: 0 },
      });
    });

    it('should reject a quote inside an unquoted value and text after a closing quote', async () => {
      await expectInvalidData(() => readCsv(temp.file('stray-quote.csv', 'id,height\n1,5\'11"\n')), {
        message: /quote character appears inside an unquoted value on line 2/,
        location: { row: 1, column: 'height' },
      });
      await expectInvalidData(() => readCsv(temp.file('after-quote.csv', 'id,name\n1,"Ann" Lee\n')), {
        message: /quoted value on line 2 is followed by more text/,
        location: { row: 1, column: 'name' },
      });
    });

    it('should reject binary data with NUL bytes', async () => {
      const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
      await expectInvalidData(() => readCsv(temp.file('image.csv', binary)), { message: /binary data .* NUL byte at byte 8/ });
    });

    it('should reject a NUL byte far into an otherwise textual file, with its line', async () => {
      const text = `a,b\n${'1,2\n'.repeat(50_000)}`;
      const file = temp.file('late-nul.csv', Buffer.concat([Buffer.from(text), Buffer.from([0x00]), Buffer.from(',3\n')]));
      await expectInvalidData(() => readCsv(file), { message: /NUL byte at byte 200,004 \(line 50,002\)/ });
    });

    it('should reject a file that changes from UTF-8 to another encoding', async () => {
      // 100 KB of UTF-8 first, so that the encoding is settled before the Latin-1 text arrives.
      const utf8 = Buffer.from(`name\n${'Zoë\n'.repeat(20_000)}`, 'utf8');
      const file = temp.file('mixed.csv', Buffer.concat([utf8, Buffer.from('Zoë\n', 'latin1')]));
      await expectInvalidData(() => readCsv(file), { message: /not valid UTF-8 at byte 100,007 \(line 20,002\)/ });
    });

    it('should read a first chunk that mixes UTF-8 and Latin-1 as Windows-1252, the reading that never fails', async () => {
      const file = temp.file('mixed-head.csv', Buffer.concat([Buffer.from('name\nZoë\n', 'utf8'), Buffer.from('Zoë\n', 'latin1')]));
      const table = await readCsv(file);
      assert.deepEqual(await collectRows(table), [['ZoÃ«'], ['Zoë']]);
      assert.equal(table.encoding, 'windows-1252');
    });

    it('should reject UTF-16, zip archives and old Office documents by their first bytes', async () => {
      await expectInvalidData(() => readCsv(temp.file('utf16.csv', Buffer.from('\uFEFFa,b\n1,2\n', 'utf16le'))), { message: /UTF-16/ });
      await expectInvalidData(() => readCsv(temp.file('zip.csv', Buffer.from('PK\x03\x04rest of a zip', 'latin1'))), { message: /zip archive/ });
      await expectInvalidData(() => readCsv(temp.file('ole.csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))), { message: /old-style Office document/ });
    });

    it('should reject an empty file, and one with nothing but blank lines', async () => {
      await expectInvalidData(() => readCsv(temp.file('empty.csv', '')), { message: /The file is empty/ });
      await expectInvalidData(() => readCsv(temp.file('blank.csv', '\uFEFF\r\n\n  \n')), { message: /The file is empty/ });
    });

    it('should reject a file that has a header but no rows', async () => {
      await expectInvalidData(() => readCsv(temp.file('header-only.csv', 'a,b,c\n')), { message: /has a header but no rows/ });
    });

    it('should reject duplicate header names, naming their positions', async () => {
      await expectInvalidData(() => readCsv(temp.file('duplicates.csv', 'id,amount,stage,amount\n1,2,3,4\n')), {
        message: /repeats column names: "amount" at positions 2, 4/,
        location: { row: 0, column: 'amount' },
      });
    });

    it('should reject empty header names, naming their positions', async () => {
      await expectInvalidData(() => readCsv(temp.file('unnamed.csv', 'id,,stage, \n1,2,3,4\n')), {
        message: /no name for 2 columns at 2, 4/,
        location: { row: 0 },
      });
    });

    it('should reject a 50 MB cell, naming its row and column, without reading the rest of it', async function () {
      this.timeout(60_000);
      const file = temp.file('huge-cell.csv', Buffer.concat([Buffer.from('id,notes\n1,short\n2,"'), Buffer.alloc(50 * 1024 * 1024, 'x'), Buffer.from('"\n')]));
      await expectInvalidData(() => readCsv(file), {
        message: /value in the row that starts on line 3 is longer than the limit of 1,048,576 characters/,
        location: { row: 2, column: 'notes' },
      });
    });

    it('should reject a cell over a configured limit once its row is read', async () => {
      await expectInvalidData(() => readCsv(temp.file('long-cell.csv', 'id,notes\n1,abcdefghijk\n'), { maxCellChars: 10 }), {
        message: /longer than the limit of 10 characters/,
        location: { row: 1, column: 'notes' },
      });
    });

    it('should reject too many columns', async () => {
      const header = Array.from({ length: 11 }, (_, index) => `c${index}`).join(',');
      await expectInvalidData(() => readCsv(temp.file('wide.csv', `${header}\n${'1,'.repeat(10)}1\n`), { maxColumns: 10 }), {
        message: /header has 11 columns; at most 10 are allowed/,
        location: { row: 0 },
      });
    });

    it('should reject the iteration when a ragged row appears deep in the file, after earlier batches were handed out', async () => {
      const file = temp.file('late-ragged.csv', `a,b\n${'1,2\n'.repeat(20_000)}3\n${'4,5\n'.repeat(10)}`);
      const table = await readCsv(file, { batchSize: 1_000 });
      let received = 0;
      await assert.rejects(
        (async () => {
          for await (const batch of table.batches) received += batch.length;
        })(),
        (error: Error & { location?: unknown }) => {
          assert.match(error.message, /has 1 value but the header has 2 columns, on line 20,002/);
          assert.deepEqual(error.location, { row: 20_001, column: 'b' });
          return true;
        },
      );
      assert.ok(received <= 20_000, 'no row after the bad one is handed out');
    });
  });
});
