import assert from 'node:assert/strict';
import { compileFeatureSpec } from './compile-feature-spec.ts';
import { fitFeatureSpec } from './fit-feature-spec.ts';
import { suggestFeatureSpec, type ProfiledColumn } from './suggest-feature-spec.ts';
import { LEAD_COLUMNS, LEAD_ROWS } from './test-support/lead-table.ts';
import { tableOf } from './test-support/tables.ts';

const PROFILE: ProfiledColumn[] = [
  { name: 'Id', type: 'identifier', distinctCount: 7 },
  { name: 'Industry', type: 'categorical', missingShare: 0.14, distinctCount: 3 },
  { name: 'Employees', type: 'numeric', missingShare: 0.14 },
  { name: 'Revenue', type: 'numeric', missingShare: 0 },
  { name: 'HasPhone', type: 'boolean', trueValue: 'Si', falseValue: 'no' },
  { name: 'CreatedDate', type: 'date', dateOrder: 'day_first' },
  { name: 'Email', type: 'identifier', sampleValues: ['ana@gmail.com', 'bo@acme.example', 'not an email', 'cy@outlook.com', 'di@corp.example'] },
  { name: 'Description', type: 'text' },
  { name: 'Converted', type: 'boolean' },
  { name: 'Region', type: 'categorical', distinctCount: 1, missingShare: 0 },
  { name: 'Fax', type: 'text', missingShare: 1 },
  { name: 'ConvertedDate', type: 'date' },
];

describe('suggestFeatureSpec', () => {
  it('should exclude the target, identifiers, given leakage columns, constant and empty columns, each with its reason', () => {
    const spec = suggestFeatureSpec({
      columns: PROFILE,
      target: { column: 'Converted', positiveLabel: 'true' },
      modelKind: 'trees',
      exclude: [{ column: 'ConvertedDate', reason: 'leakage', note: 'only filled after conversion' }],
    });
    assert.deepEqual(spec.excluded, [
      { column: 'Id', reason: 'identifier' },
      { column: 'Converted', reason: 'target' },
      { column: 'Region', reason: 'constant' },
      { column: 'Fax', reason: 'allMissing' },
      { column: 'ConvertedDate', reason: 'leakage', note: 'only filled after conversion' },
    ]);
  });

  it('should leave out people’s names but keep company names', () => {
    const spec = suggestFeatureSpec({
      columns: [
        { name: 'FirstName', type: 'categorical', distinctCount: 50 },
        { name: 'last_name', type: 'categorical', distinctCount: 50 },
        { name: 'Company', type: 'categorical', distinctCount: 40 },
        { name: 'Won', type: 'boolean' },
      ],
      target: { column: 'Won', positiveLabel: 'true' },
      modelKind: 'trees',
    });
    assert.deepEqual(
      (spec.excluded ?? []).map((exclusion) => `${exclusion.column}: ${exclusion.reason}`),
      ['FirstName: identifier', 'last_name: identifier', 'Won: target'],
    );
    assert.deepEqual(
      spec.columns.map((column) => column.name),
      ['Company'],
    );
  });

  it('should keep missing numbers for trees and derive date, email and text features', () => {
    const spec = suggestFeatureSpec({ columns: PROFILE, target: { column: 'Converted', positiveLabel: 'true' }, modelKind: 'trees' });
    assert.deepEqual(spec.columns, [
      { name: 'Industry', type: 'categorical', maxCategories: 50, minCount: 5 },
      { name: 'Employees', type: 'numeric', missing: { impute: 'keep' } },
      { name: 'Revenue', type: 'numeric', missing: { impute: 'keep' } },
      {
        name: 'HasPhone',
        type: 'boolean',
        missing: { impute: 'keep' },
        trueValues: ['true', 'yes', 'y', 't', '1', 'Si'],
        falseValues: ['false', 'no', 'n', 'f', '0'],
      },
      { name: 'CreatedDate', type: 'date', derive: ['daysSince', 'weekday', 'month'], missing: { impute: 'keep' }, dateOrder: 'day_first' },
      { name: 'Email', type: 'text', derive: ['emailDomainKind'] },
      { name: 'Description', type: 'text', derive: ['textLength', 'wordCount'], missing: { impute: 'keep' } },
      { name: 'ConvertedDate', type: 'date', derive: ['daysSince', 'weekday', 'month'], missing: { impute: 'keep' } },
    ]);
    assert.equal(spec.referenceDate, undefined, 'the snapshot time is given when fitting');
  });

  it('should impute with the median for the linear model, with an indicator only where values were missing', () => {
    const spec = suggestFeatureSpec({ columns: PROFILE, target: { column: 'Converted', positiveLabel: 'true' }, modelKind: 'linear' });
    const missingOf = (name: string): unknown => {
      const column = spec.columns.find((candidate) => candidate.name === name);
      return column && 'missing' in column ? column.missing : undefined;
    };
    assert.deepEqual(missingOf('Employees'), { impute: 'median', indicator: true });
    assert.deepEqual(missingOf('Revenue'), { impute: 'median', indicator: false });
    assert.deepEqual(missingOf('CreatedDate'), { impute: 'median', indicator: true }, 'unknown share: assume some are missing');
  });

  it('should recognise email columns by name when there are no sample values', () => {
    const spec = suggestFeatureSpec({
      columns: [
        { name: 'Contact E-mail', type: 'identifier' },
        { name: 'email_address', type: 'text' },
        { name: 'Notes', type: 'text', sampleValues: ['call back', 'no answer'] },
      ],
      target: { column: 'Won', positiveLabel: 'yes' },
      modelKind: 'trees',
    });
    assert.deepEqual(
      spec.columns.map((column) => [column.name, 'derive' in column ? column.derive : null]),
      [
        ['Contact E-mail', ['emailDomainKind']],
        ['email_address', ['emailDomainKind']],
        ['Notes', ['textLength', 'wordCount']],
      ],
    );
  });

  it('should give a spec that fits and transforms the data it describes', async () => {
    const spec = suggestFeatureSpec({
      columns: PROFILE.filter((column) => LEAD_COLUMNS.includes(column.name)).map((column) => (column.name === 'CreatedDate' ? { ...column, dateOrder: 'month_first' } : column)),
      target: { column: 'Converted', positiveLabel: 'true' },
      modelKind: 'linear',
      referenceDate: '2024-03-10T00:00:00Z',
      missingPlaceholders: ['Select', 'N/A'],
    });
    const transformer = compileFeatureSpec(await fitFeatureSpec(spec, tableOf(LEAD_COLUMNS, LEAD_ROWS)));
    const matrix = transformer.transformBatch(LEAD_ROWS, LEAD_COLUMNS);
    assert.equal(matrix.rowCount, 7);
    for (const column of matrix.columns) assert.ok(column.every(Number.isFinite));
  });
});
