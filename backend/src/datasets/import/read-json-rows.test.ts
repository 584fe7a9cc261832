import assert from 'node:assert/strict';
import { readJsonRows } from './read-json-rows.ts';
import { collectRows, expectInvalidData } from './test-fixtures/table-assertions.ts';

describe('readJsonRows', () => {
  it('should turn numbers and booleans into text and empty values into null', async () => {
    const table = readJsonRows({
      columns: ['name', 'amount', 'won', 'notes'],
      rows: [
        ['Acme', 1234.5, true, ''],
        ['Globex', 0.1 + 0.2, false, null],
        ['Initech', -0, 1e21, 'text'],
      ],
    });
    assert.deepEqual(table.columns, ['name', 'amount', 'won', 'notes']);
    assert.deepEqual(await collectRows(table), [
      ['Acme', '1234.5', 'true', null],
      ['Globex', '0.30000000000000004', 'false', null],
      ['Initech', '0', '1e+21', 'text'],
    ]);
  });

  it('should hand out rows in batches', async () => {
    const table = readJsonRows({ columns: ['n'], rows: Array.from({ length: 7 }, (_, index) => [index]) }, { batchSize: 3 });
    const sizes: number[] = [];
    for await (const batch of table.batches) sizes.push(batch.length);
    assert.deepEqual(sizes, [3, 3, 1]);
  });

  it('should reject a body of the wrong shape, and a cell of the wrong type with its row and column', async () => {
    await expectInvalidData(() => readJsonRows({ columns: ['a'] }), { message: /must be an object/ });
    await expectInvalidData(() => readJsonRows([['a'], [1]]), { message: /must be an object/ });
    await expectInvalidData(() => readJsonRows({ columns: ['a', 'b'], rows: [[1, 2], [3, { value: 4 }]] }), {
      message: /must be text, a number, a boolean or null/,
      location: { row: 2, column: 'b' },
    });
    await expectInvalidData(() => readJsonRows({ columns: ['a', 3], rows: [[1, 2]] }), { message: /column names must be a list of texts/, location: { row: 0 } });
  });

  it('should reject ragged rows, naming the row and both counts', async () => {
    await expectInvalidData(() => readJsonRows({ columns: ['a', 'b', 'c'], rows: [[1, 2, 3], [4, 5]] }), {
      message: /has 2 values but the range has 3 columns/,
      location: { row: 2, column: 'c' },
    });
    await expectInvalidData(() => readJsonRows({ columns: ['a'], rows: [[1, 2]] }), { message: /has 2 values but the range has 1 column\b/, location: { row: 1 } });
  });

  it('should reject missing, empty and duplicate column names, and a range without rows', async () => {
    await expectInvalidData(() => readJsonRows({ columns: [], rows: [] }), { message: /no columns/ });
    await expectInvalidData(() => readJsonRows({ columns: ['a', ''], rows: [[1, 2]] }), { message: /no name for 1 column at 2/ });
    await expectInvalidData(() => readJsonRows({ columns: ['a', 'a'], rows: [[1, 2]] }), { message: /repeats column names/ });
    await expectInvalidData(() => readJsonRows({ columns: ['a'], rows: [] }), { message: /has a header but no rows/ });
  });

  it('should reject a cell over the size limit and too many columns', async () => {
    await expectInvalidData(() => readJsonRows({ columns: ['notes'], rows: [['x'.repeat(11)]] }, { maxCellChars: 10 }), { message: /longer than the limit of 10/, location: { row: 1, column: 'notes' } });
    await expectInvalidData(() => readJsonRows({ columns: ['a', 'b', 'c'], rows: [[1, 2, 3]] }, { maxColumns: 2 }), { message: /3 columns; at most 2/ });
  });
});
