import assert from 'node:assert/strict';
import { datasetProfileSchema } from '@scorebridge/shared';
import { InvalidDataError } from '../invalid-data-error.ts';
import type { Cell } from '../table.ts';
import { profileTable, schemaOfProfile } from './index.ts';
import { createProfiler } from './profiler.ts';
import { createRandom } from './reservoir.ts';
import { columnOf, profileRows, tableOf } from './test-tables.ts';

describe('profiler', () => {
  it('should count nulls, empty texts and each placeholder apart', () => {
    const values: Cell[] = [null, '', '  ', 'unknown', 'Unknown', 'N/A', 'Select', 'Web', 'Web', 'Email'];
    const column = columnOf(profileRows(['LeadSource'], values.map((value) => [value])), 'LeadSource');
    assert.deepEqual(column.missing, {
      count: 7,
      share: 0.7,
      nulls: 1,
      empty: 2,
      placeholders: [
        { value: 'N/A', count: 1 },
        { value: 'Select', count: 1 },
        { value: 'Unknown', count: 1 },
        { value: 'unknown', count: 1 },
      ],
    });
    assert.deepEqual(column.topValues, { values: [{ value: 'Web', count: 2 }, { value: 'Email', count: 1 }], otherCount: 0, exact: true });
    assert.equal(column.distinct.count, 2);
  });

  it('should use the placeholders it is given instead of the default ones', () => {
    const profile = profileRows(['Status'], [['unknown'], ['TBD'], ['Open']], { placeholders: ['TBD'] });
    assert.deepEqual(profile.placeholders, ['TBD']);
    assert.equal(columnOf(profile, 'Status').missing.count, 1);
  });

  it('should compute exact numeric statistics and length statistics', () => {
    const numbers = Array.from({ length: 23 }, (_, index) => (index % 12) + 1);
    const values = [...numbers.map(String), 'TBD'];
    const column = columnOf(profileRows(['Employees'], values.map((value) => [value])), 'Employees');
    const numeric = column.numeric!;
    const mean = numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
    const variance = numbers.reduce((sum, value) => sum + (value - mean) ** 2, 0) / numbers.length;
    assert.equal(column.type, 'numeric');
    assert.equal(numeric.count, 23);
    assert.equal(numeric.min, 1);
    assert.equal(numeric.max, 12);
    assert.ok(Math.abs(numeric.mean - mean) < 1e-12);
    assert.ok(Math.abs(numeric.std - Math.sqrt(variance)) < 1e-12);
    assert.equal(numeric.quantiles.p50, 6);
    assert.equal(numeric.exactQuantiles, true);
    assert.deepEqual(column.unparsable, { count: 1, examples: ['TBD'] });
    const lengths = values.map((value) => value.length);
    assert.deepEqual(column.lengths, { min: 1, max: 3, mean: lengths.reduce((sum, length) => sum + length, 0) / lengths.length });
  });

  it('should keep a histogram whose shares add up to one and that isolates a spike', () => {
    const values = Array.from({ length: 1000 }, (_, index) => (index % 5 === 0 ? '0' : String(index)));
    const { histogram } = columnOf(profileRows(['Amount'], values.map((value) => [value])), 'Amount').numeric!;
    assert.ok(Math.abs(histogram.shares.reduce((sum, share) => sum + share, 0) - 1) < 1e-9);
    assert.equal(histogram.shares.length, histogram.edges.length + 1);
    assert.equal(histogram.edges[0], 0, 'the spike at 0 is a bin of its own');
    assert.ok(Math.abs(histogram.shares[0]! - 0.2) < 1e-9);
  });

  it('should give the date range of a date column', () => {
    const column = columnOf(profileRows(['CloseDate'], [['03/05/2024'], ['12/31/2023'], ['01/15/2024'], [null]]), 'CloseDate');
    assert.deepEqual(column.dates, { count: 3, min: '2023-12-31', max: '2024-03-05', withTime: false });
    assert.equal(column.dateOrder, 'month_first');
  });

  it('should find rows repeated in every column but the id, and repeated ids', () => {
    const rows: Cell[][] = [
      ['1', 'Acme', 'Web'],
      ['2', 'Globex', 'Email'],
      ['3', 'Acme', 'Web'],
      ['2', 'Initech', 'Web'],
      ['4', 'Acme', 'Web'],
    ];
    const profile = profileRows(['Id', 'Company', 'LeadSource'], rows);
    assert.deepEqual(profile.duplicateRows, { count: 2, exact: true, exampleRows: [3, 5] });
    assert.deepEqual(profile.idColumn, { name: 'Id', duplicateCount: 1, exact: true, examples: ['2'] });
  });

  it('should compare whole rows when there is no id column, and take the id column it is given', () => {
    const rows: Cell[][] = [
      ['A-1', 'Acme'],
      ['A-1', 'Acme'],
      ['A-2', 'Acme'],
    ];
    assert.equal(profileRows(['Ref', 'Company'], rows).duplicateRows.count, 1);
    assert.equal(profileRows(['Ref', 'Company'], rows).idColumn, null);
    const withId = profileRows(['Ref', 'Company'], rows, { idColumn: 'Ref' });
    assert.equal(withId.idColumn?.duplicateCount, 1);
    assert.equal(withId.duplicateRows.count, 2);
    assert.equal(profileRows(['Id'], [['1'], ['2'], ['3']]).duplicateRows.count, 0, 'an id alone repeats nothing');
  });

  it('should reject an id column that is not there, and a ragged row, naming them', () => {
    assert.throws(() => createProfiler(['LeadId', 'Company'], { idColumn: 'LeadID' }), (error: unknown) => {
      assert.ok(error instanceof InvalidDataError);
      assert.match(error.message, /"LeadID" is not in the data\. Did you mean "LeadId"\?/);
      return true;
    });
    const profiler = createProfiler(['a', 'b']);
    assert.throws(() => profiler.add([['1', '2'], ['3']]), (error: unknown) => error instanceof InvalidDataError && /row 2/.test(error.message));
  });

  it('should count distinct values exactly up to the limit and estimate them beyond it', () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => [`v${index % 150_000}`]);
    const exact = columnOf(profileRows(['v'], rows, { distinctExactLimit: 200_000 }), 'v');
    assert.deepEqual(exact.distinct, { count: 150_000, exact: true });
    const estimated = columnOf(profileRows(['v'], rows, { distinctExactLimit: 4096 }), 'v');
    assert.equal(estimated.distinct.exact, false);
    assert.ok(Math.abs(estimated.distinct.count / 150_000 - 1) < 0.05, `estimate ${estimated.distinct.count}`);
  });

  it('should still find a value that fills a large share among many distinct ones', () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => [index % 10 < 3 ? '0' : `${index}.5`]);
    const { topValues } = columnOf(profileRows(['Discount'], rows), 'Discount');
    assert.equal(topValues.exact, false);
    assert.equal(topValues.values[0]!.value, '0');
    assert.ok(Math.abs(topValues.values[0]!.count / 60_000 - 1) < 0.05, `estimate ${topValues.values[0]!.count}`);
  });

  it('should estimate duplicates beyond the exact row limit', () => {
    const rows = Array.from({ length: 100_000 }, (_, index) => [String(index % 60_000), 'x']);
    const profile = profileRows(['n', 'constant'], rows, { rowsExactLimit: 5_000 });
    assert.equal(profile.duplicateRows.exact, false);
    assert.ok(Math.abs(profile.duplicateRows.count / 40_000 - 1) < 0.1, `estimate ${profile.duplicateRows.count}`);
  });

  it('should produce JSON that reads back as a valid profile, the same for the same data', async () => {
    const random = createRandom(11);
    const rows = Array.from({ length: 30_000 }, (_, index): Cell[] => [String(index), (random() * 100).toFixed(1), ['a', 'b', 'c'][index % 3]!, `2024-02-${String(1 + (index % 28)).padStart(2, '0')}`]);
    const columns = ['Id', 'Score', 'Tier', 'Created'];
    const profile = await profileTable(tableOf(columns, rows));
    const json = JSON.stringify(profile);
    assert.deepEqual(datasetProfileSchema.parse(JSON.parse(json)), profile);
    assert.equal(JSON.stringify(await profileTable(tableOf(columns, rows))), json);
    assert.deepEqual(
      schemaOfProfile(profile).columns.map(({ name, type }) => `${name}:${type}`),
      ['Id:identifier', 'Score:numeric', 'Tier:categorical', 'Created:date'],
    );
  });
});
