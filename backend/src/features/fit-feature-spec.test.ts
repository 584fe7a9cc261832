import assert from 'node:assert/strict';
import type { FittedCategoricalFeature, FittedFeatureSpec, FittedNumericFeature } from '@scorebridge/shared';
import { InvalidDataError } from '../datasets/invalid-data-error.ts';
import { ValidationError } from '../errors.ts';
import { fitFeatureSpec } from './fit-feature-spec.ts';
import { LEAD_COLUMNS, LEAD_ROWS, linearLeadSpec, treeLeadSpec } from './test-support/lead-table.ts';
import { tableOf } from './test-support/tables.ts';

function feature(fitted: FittedFeatureSpec, name: string): FittedNumericFeature | FittedCategoricalFeature {
  const found = fitted.features.find((candidate) => candidate.name === name);
  assert.ok(found, `no feature ${name}`);
  return found;
}

function numeric(fitted: FittedFeatureSpec, name: string): FittedNumericFeature {
  const found = feature(fitted, name);
  assert.equal(found.kind, 'numeric');
  return found;
}

function categorical(fitted: FittedFeatureSpec, name: string): FittedCategoricalFeature {
  const found = feature(fitted, name);
  assert.equal(found.kind, 'categorical');
  return found;
}

describe('fitFeatureSpec', () => {
  it('should learn a capped vocabulary with counts, most frequent first, folding rare values into other', async () => {
    const fitted = await fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    const industry = categorical(fitted, 'Industry');
    assert.deepEqual(industry.categories, [
      { value: 'Retail', count: 3 },
      { value: 'Banking', count: 2 },
    ]);
    assert.deepEqual(industry.other, { count: 1 });
    assert.equal(industry.missingCount, 1, '"Select" is a placeholder');
    assert.equal(industry.encoding, 'codes');
  });

  it('should break ties between equally frequent categories by value, so the codes are reproducible', async () => {
    const spec = treeLeadSpec({ columns: [{ name: 'Industry', type: 'categorical', minCount: 1, maxCategories: 2 }], ratios: [] });
    const rows = [['b', 'true'], ['a', 'false'], ['c', 'true'], ['a', 'false'], ['b', 'true'], ['c', 'false']];
    const fitted = await fitFeatureSpec(spec, tableOf(['Industry', 'Converted'], rows));
    assert.deepEqual(categorical(fitted, 'Industry').categories.map((category) => category.value), ['a', 'b']);
    assert.deepEqual(categorical(fitted, 'Industry').other, { count: 2 });
  });

  it('should learn count, mean, population standard deviation, min and max of numbers, keeping missing values for trees', async () => {
    const fitted = await fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    const employees = numeric(fitted, 'Employees');
    assert.equal(employees.stats.count, 6);
    assert.equal(employees.stats.missing, 1);
    assert.equal(employees.stats.mean, 35);
    assert.ok(Math.abs(employees.stats.std! - Math.sqrt(1750 / 6)) < 1e-12);
    assert.deepEqual([employees.stats.min, employees.stats.max, employees.stats.median], [10, 60, null]);
    assert.deepEqual([employees.fill, employees.center, employees.scale, employees.missingIndicator], [null, 0, 1, false]);
    assert.equal(numeric(fitted, 'Revenue/Employees').stats.mean, 115);
  });

  it('should fit imputation and standardization for the linear model', async () => {
    const fitted = await fitFeatureSpec(linearLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    const employees = numeric(fitted, 'Employees');
    assert.deepEqual([employees.stats.median, employees.fill, employees.center, employees.missingIndicator], [35, 35, 35, true]);
    assert.ok(Math.abs(employees.scale - Math.sqrt(1750 / 6)) < 1e-12);
    const revenue = numeric(fitted, 'Revenue');
    assert.ok(Math.abs(revenue.fill! - 19_000 / 6) < 1e-9, 'the mean of the readable values');
    const hasPhone = numeric(fitted, 'HasPhone');
    assert.deepEqual([hasPhone.fill, hasPhone.center, hasPhone.scale], [0, 0, 1], 'booleans stay 0/1');
    const days = numeric(fitted, 'CreatedDate:daysSince');
    assert.equal(days.missingIndicator, true, 'the linear default is median plus indicator');
    assert.notEqual(days.fill, null);
    assert.equal(categorical(fitted, 'Industry').encoding, 'oneHot');
  });

  it('should count derived dates in UTC against the reference date, never the current time', async () => {
    const fitted = await fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    assert.equal(fitted.referenceDate, '2024-03-10T00:00:00.000Z');
    const weekday = categorical(fitted, 'CreatedDate:weekday');
    assert.deepEqual(
      weekday.categories.map((category) => category.count),
      [3, 0, 1, 1, 1, 0, 0],
      'Monday: 2024-03-04, 2024-01-15 and 2023-12-31T23:00-02:00 (Monday in UTC)',
    );
    assert.equal(weekday.other, null);
    assert.deepEqual(categorical(fitted, 'CreatedDate:month').categories.slice(0, 3), [
      { value: 'January', count: 2 },
      { value: 'February', count: 1 },
      { value: 'March', count: 3 },
    ]);
    const days = numeric(fitted, 'CreatedDate:daysSince');
    assert.equal(days.stats.min, 3.8125, '2024-03-05T23:30-05:00 is 3 days 19.5 hours before the reference');
    assert.equal(days.stats.max, 69 - 1 / 24);
  });

  it('should take the reference date from the caller when the spec has none, and insist on one for daysSince', async () => {
    const spec = treeLeadSpec({ referenceDate: undefined });
    const fitted = await fitFeatureSpec(spec, tableOf(LEAD_COLUMNS, LEAD_ROWS), { referenceDate: new Date(Date.UTC(2024, 2, 11)) });
    assert.equal(fitted.referenceDate, '2024-03-11T00:00:00.000Z');
    await assert.rejects(
      fitFeatureSpec(spec, tableOf(LEAD_COLUMNS, LEAD_ROWS)),
      (error: unknown) => error instanceof ValidationError && error.details?.[0]?.field === 'spec.referenceDate',
    );
  });

  it('should count the email domain kinds and the target classes', async () => {
    const fitted = await fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    assert.deepEqual(categorical(fitted, 'Email:emailDomainKind').categories, [
      { value: 'free', count: 2 },
      { value: 'corporate', count: 3 },
      { value: 'invalid', count: 1 },
    ]);
    assert.deepEqual(fitted.target, { column: 'Converted', positiveLabel: 'true', negativeLabels: null, positives: 2, negatives: 4, unlabeled: 1 });
    assert.equal(fitted.rowCount, 7);
  });

  it('should treat only the given negative labels as negatives, leaving open outcomes unlabeled', async () => {
    const spec = treeLeadSpec({ target: { column: 'Stage', positiveLabel: 'Won', negativeLabels: ['Lost'] }, columns: [{ name: 'Amount', type: 'numeric' }], ratios: [] });
    const rows = [['1', 'Won'], ['2', 'lost'], ['3', 'Engaging'], ['4', 'Prospecting'], ['5', 'WON']];
    const fitted = await fitFeatureSpec(spec, tableOf(['Amount', 'Stage'], rows));
    assert.deepEqual([fitted.target.positives, fitted.target.negatives, fitted.target.unlabeled], [2, 1, 2]);
  });

  it('should warn about unreadable values, unlabeled rows, constant and empty columns and a one-class target', async () => {
    const fitted = await fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS));
    assert.ok(fitted.warnings.some((warning) => warning.column === 'Revenue' && /1 value of "Revenue" could not be read.*"1\.234,5" is not a number/.test(warning.message)));
    assert.ok(fitted.warnings.some((warning) => /1 of 7 rows have no usable label/.test(warning.message)));

    const spec = treeLeadSpec({
      columns: [
        { name: 'Constant', type: 'numeric' },
        { name: 'Empty', type: 'categorical' },
      ],
      ratios: [],
    });
    const rows = [['5', null, 'true'], ['5', 'N/A', 'true']];
    const warnings = (await fitFeatureSpec(spec, tableOf(['Constant', 'Empty', 'Converted'], rows))).warnings.map((warning) => warning.message);
    assert.ok(warnings.includes('"Constant" is 5 in every row, so it cannot help a model'), warnings.join('\n'));
    assert.ok(warnings.includes('"Empty" has no values in the training data'), warnings.join('\n'));
    assert.ok(warnings.some((message) => /No row of "Converted" is a negative outcome/.test(message)), warnings.join('\n'));
  });

  it('should name a column the spec needs but the data lacks', async () => {
    await assert.rejects(
      fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS.filter((column) => column !== 'Email'), [])),
      (error: unknown) => error instanceof InvalidDataError && error.location.column === 'Email' && /no column "Email"/.test(error.message),
    );
    await assert.rejects(
      fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS.filter((column) => column !== 'Converted'), [])),
      (error: unknown) => error instanceof InvalidDataError && /as the target/.test(error.message),
    );
  });

  it('should stop reading when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await assert.rejects(fitFeatureSpec(treeLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS), { signal: controller.signal }), /cancelled/);
  });

  it('should give the same fitted spec however the rows are batched', async () => {
    const one = await fitFeatureSpec(linearLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS, 1));
    const all = await fitFeatureSpec(linearLeadSpec(), tableOf(LEAD_COLUMNS, LEAD_ROWS, 100));
    assert.deepEqual(one, all);
  });
});
