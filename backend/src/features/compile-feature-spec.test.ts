import assert from 'node:assert/strict';
import type { FittedFeatureSpec } from '@scorebridge/shared';
import type { Cell } from '../datasets/table.ts';
import { compileFeatureSpec, type FeatureTransformer } from './compile-feature-spec.ts';
import { fitFeatureSpec } from './fit-feature-spec.ts';
import { LEAD_COLUMNS, LEAD_ROWS, linearLeadSpec, treeLeadSpec } from './test-support/lead-table.ts';
import { rowOf, tableOf } from './test-support/tables.ts';

const NaN_ = Number.NaN;

async function compiled(spec = treeLeadSpec()): Promise<FeatureTransformer> {
  return compileFeatureSpec(await fitFeatureSpec(spec, tableOf(LEAD_COLUMNS, LEAD_ROWS)));
}

function recordOf(row: readonly Cell[]): Record<string, Cell> {
  return Object.fromEntries(LEAD_COLUMNS.map((column, index) => [column, row[index]!]));
}

/** Equal as numbers, with NaN equal to NaN: the comparison parity needs. */
function assertSameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>, message?: string): void {
  assert.deepEqual(Array.from(actual), Array.from(expected), message);
}

describe('compileFeatureSpec', () => {
  it('should describe the output features with names, kinds, sources and category labels', async () => {
    const transformer = await compiled();
    assert.deepEqual(
      transformer.features.map((feature) => `${feature.name}:${feature.kind}`),
      [
        'Industry:categorical',
        'Employees:numeric',
        'Revenue:numeric',
        'HasPhone:numeric',
        'CreatedDate:daysSince:numeric',
        'CreatedDate:weekday:categorical',
        'CreatedDate:month:categorical',
        'Email:emailDomainKind:categorical',
        'Description:textLength:numeric',
        'Description:wordCount:numeric',
        'Revenue/Employees:numeric',
      ],
    );
    const industry = transformer.features[0]!;
    assert.deepEqual([industry.categories, industry.otherCode], [['Retail', 'Banking', '(other)'], 2]);
    assert.deepEqual([transformer.features[7]!.categories, transformer.features[7]!.otherCode], [['free', 'corporate', 'invalid'], null]);
    assert.deepEqual(transformer.features[10]!.sourceColumns, ['Revenue', 'Employees']);
    assert.deepEqual(transformer.inputColumns, ['Industry', 'Employees', 'Revenue', 'HasPhone', 'CreatedDate', 'Email', 'Description']);
  });

  it('should give trees raw numbers, category codes, derived features and NaN for every kind of missing value', async () => {
    const matrix = (await compiled()).transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    assert.equal(matrix.rowCount, 7);
    assertSameNumbers(rowOf(matrix.columns, 0), [0, 10, 1000, 1, 6, 0, 2, 0, 12, 3, 100]);
    assertSameNumbers(rowOf(matrix.columns, 1), [0, 20, 4000, 0, 3.8125, 2, 2, 1, 17, 3, 200]);
    assertSameNumbers(rowOf(matrix.columns, 3), [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_]);
    assertSameNumbers(rowOf(matrix.columns, 6), [2, 60, 3000, 1, 9, 4, 2, 1, 28, 4, 50], 'Tech was too rare: it is "other"');
    assertSameNumbers(matrix.labels!, [1, 0, 1, 0, 0, 0, NaN_]);
  });

  it('should give the linear model imputed, standardized numbers, indicators and one-hot columns', async () => {
    const transformer = await compiled(linearLeadSpec());
    const names = transformer.features.map((feature) => feature.name);
    assert.deepEqual(names.slice(0, 8), ['Industry=Retail', 'Industry=Banking', 'Industry:other', 'Industry:missing', 'Employees', 'Employees:missing', 'Revenue', 'HasPhone']);
    assert.equal(names.length, 25);
    assert.ok(transformer.features.every((feature) => feature.kind === 'numeric'));

    const matrix = transformer.transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    const column = (name: string): Float64Array => matrix.columns[names.indexOf(name)]!;
    const std = Math.sqrt(1750 / 6);
    assertSameNumbers(column('Employees'), [-25 / std, -15 / std, -5 / std, 0, 5 / std, 15 / std, 25 / std]);
    assertSameNumbers(column('Employees:missing'), [0, 0, 0, 1, 0, 0, 0]);
    assertSameNumbers(column('Industry=Retail'), [1, 1, 0, 0, 0, 1, 0]);
    assertSameNumbers(column('Industry:other'), [0, 0, 0, 0, 0, 0, 1]);
    assertSameNumbers(column('Industry:missing'), [0, 0, 0, 1, 0, 0, 0]);
    assertSameNumbers(column('HasPhone'), [1, 0, 1, 0, 1, 0, 1]);
    assertSameNumbers(column('CreatedDate:weekday=Monday'), [1, 0, 0, 0, 1, 1, 0]);
    assertSameNumbers(column('CreatedDate:weekday:missing'), [0, 0, 0, 1, 0, 0, 0]);
    assertSameNumbers(column('Email:emailDomainKind=invalid'), [0, 0, 1, 0, 0, 0, 0]);
    assert.ok(Math.abs(column('Revenue')[3]!) < 1e-12, 'a missing revenue becomes the mean, which standardizes to 0');
    for (const values of matrix.columns) assert.ok(values.every((value) => Number.isFinite(value)), 'the linear model sees no NaN');
  });

  it('should give every row the same numbers alone as in a batch (training/serving parity)', async () => {
    for (const spec of [treeLeadSpec(), linearLeadSpec()]) {
      const transformer = await compiled(spec);
      const batch = transformer.transformBatch(LEAD_ROWS, LEAD_COLUMNS);
      const records = transformer.transformRecords(LEAD_ROWS.map(recordOf));
      LEAD_ROWS.forEach((row, index) => {
        const single = transformer.transformRecord(recordOf(row));
        assertSameNumbers(single.values, rowOf(batch.columns, index), `${spec.modelKind} row ${index}`);
        assertSameNumbers(rowOf(records.columns, index), rowOf(batch.columns, index), `${spec.modelKind} row ${index} of many records`);
      });
    }
  });

  it('should give typed JSON values the numbers their text gives', async () => {
    const transformer = await compiled();
    const fromText = transformer.transformRecord(recordOf(LEAD_ROWS[0]!));
    const typed = transformer.transformRecord({
      Industry: 'Retail',
      Employees: 10,
      Revenue: 1000,
      HasPhone: true,
      CreatedDate: new Date(Date.UTC(2024, 2, 4)),
      Email: 'ana@gmail.com',
      Description: 'Wants a demo',
    });
    assertSameNumbers(typed.values, fromText.values);
    assert.deepEqual(typed.problems, []);
  });

  it('should give unseen categories the other code, in batches and alone', async () => {
    const transformer = await compiled();
    assert.equal(transformer.transformRecord({ Industry: 'Aerospace' }).values[0], 2);
    assert.equal(transformer.transformRecord({ Industry: 42 }).values[0], 2);
    const linear = await compiled(linearLeadSpec());
    assertSameNumbers(linear.transformRecord({ Industry: 'Aerospace' }).values.slice(0, 4), [0, 0, 1, 0]);
  });

  it('should read a field of the wrong type as missing and say which field, instead of failing the record', async () => {
    const transformer = await compiled();
    const result = transformer.transformRecord({ Industry: ['Retail'], Employees: 'twelve', Revenue: Number.POSITIVE_INFINITY, HasPhone: 'maybe', CreatedDate: 45356, Email: 'x@acme.example' });
    assert.ok(Number.isNaN(result.values[0]!) && Number.isNaN(result.values[1]!) && Number.isNaN(result.values[2]!));
    assert.deepEqual(
      result.problems.map((problem) => [problem.column, problem.code, problem.rowIndex]),
      [
        ['Industry', 'wrong_type', null],
        ['Employees', 'not_a_number', null],
        ['Revenue', 'not_finite', null],
        ['HasPhone', 'not_a_boolean', null],
        ['CreatedDate', 'wrong_type', null],
      ],
    );
    assert.deepEqual(result.missingColumns, ['Industry', 'Employees', 'Revenue', 'HasPhone', 'CreatedDate', 'Description']);
    assert.deepEqual(transformer.transformRecord({}).missingColumns, transformer.inputColumns);
  });

  it('should read only own keys of a record and survive one that is not an object', async () => {
    const transformer = compileFeatureSpec(
      await fitFeatureSpec(treeLeadSpec({ columns: [{ name: 'constructor', type: 'categorical', minCount: 1 }], ratios: [] }), tableOf(['constructor', 'Converted'], [['a', 'true']])),
    );
    assertSameNumbers(transformer.transformRecord({}).values, [NaN_]);
    assertSameNumbers(transformer.transformRecord(null as unknown as Record<string, unknown>).values, [NaN_]);
  });

  it('should report per row where a batch had unreadable cells, and once for a column the data lacks', async () => {
    const transformer = await compiled();
    const header = LEAD_COLUMNS.filter((column) => column !== 'HasPhone');
    const rows = LEAD_ROWS.map((row) => row.filter((_, index) => LEAD_COLUMNS[index] !== 'HasPhone'));
    const matrix = transformer.transformBatch(rows, header, { firstRowIndex: 100 });
    assert.deepEqual(
      matrix.problems.map((problem) => [problem.rowIndex, problem.column, problem.code]),
      [
        [null, 'HasPhone', 'column_absent'],
        [103, 'Revenue', 'not_a_number'],
      ],
    );
    assert.ok(matrix.columns[3]!.every(Number.isNaN));
  });

  it('should keep only the first problems of a large batch but count them all', async () => {
    const transformer = await compiled();
    const rows = Array.from({ length: 50 }, () => LEAD_ROWS[3]!);
    const matrix = transformer.transformBatch(rows, LEAD_COLUMNS, { maxProblems: 10 });
    assert.equal(matrix.problems.length, 10);
    assert.equal(matrix.problemCount, 50);
  });

  it('should fill a whole table, and arrays the caller owns at an offset, with the numbers of a single batch', async () => {
    const transformer = await compiled(linearLeadSpec());
    const expected = transformer.transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    const table = await transformer.transformTable(tableOf(LEAD_COLUMNS, LEAD_ROWS, 3));
    assert.equal(table.rowCount, 7);
    table.columns.forEach((column, index) => assertSameNumbers(column, expected.columns[index]!));
    assertSameNumbers(table.labels!, expected.labels!);

    const columns = transformer.features.map(() => new Float64Array(10).fill(-1));
    const labels = new Float64Array(10).fill(-1);
    const report = transformer.transformBatchInto(LEAD_ROWS.slice(2, 5), LEAD_COLUMNS, { columns, labels, offset: 4 });
    assert.deepEqual([report.rowCount, report.labeled], [3, true]);
    columns.forEach((column, index) => {
      assertSameNumbers(column.subarray(4, 7), expected.columns[index]!.subarray(2, 5));
      assert.equal(column[3], -1);
      assert.equal(column[7], -1);
    });
    assertSameNumbers(labels.subarray(4, 7), [1, 0, 0]);
  });

  it('should grow a table beyond the rows it was fitted on', async () => {
    const transformer = await compiled();
    const rows = Array.from({ length: 3000 }, (_, index) => LEAD_ROWS[index % LEAD_ROWS.length]!);
    const table = await transformer.transformTable(tableOf(LEAD_COLUMNS, rows, 700));
    assert.equal(table.rowCount, 3000);
    assertSameNumbers(rowOf(table.columns, 2999), rowOf(transformer.transformBatch([rows[2999]!], LEAD_COLUMNS).columns, 0));
  });

  it('should give no labels when the rows have no target column', async () => {
    const transformer = await compiled();
    const header = LEAD_COLUMNS.slice(0, -1);
    assert.equal(transformer.transformBatch(LEAD_ROWS.map((row) => row.slice(0, -1)), header).labels, null);
  });

  it('should use the spec’s own placeholders', async () => {
    const spec = treeLeadSpec({ missingPlaceholders: ['TBD'], columns: [{ name: 'Industry', type: 'categorical', minCount: 1 }], ratios: [] });
    const rows = [['Select', 'true'], ['tbd', 'false'], ['Retail', 'true']];
    const fitted: FittedFeatureSpec = await fitFeatureSpec(spec, tableOf(['Industry', 'Converted'], rows));
    assert.deepEqual(fitted.missingPlaceholders, ['tbd']);
    const transformer = compileFeatureSpec(fitted);
    assertSameNumbers(transformer.transformBatch(rows, ['Industry', 'Converted']).columns[0]!, [1, NaN_, 0], '"Select" is a category here; ties go by value');
  });

  it('should apply a fitted spec read back from JSON exactly as the original', async () => {
    const fitted = await fitFeatureSpec(linearLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    const original = compileFeatureSpec(fitted).transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    const restored = compileFeatureSpec(JSON.parse(JSON.stringify(fitted)) as FittedFeatureSpec).transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    original.columns.forEach((column, index) => assertSameNumbers(restored.columns[index]!, column));
  });
});
