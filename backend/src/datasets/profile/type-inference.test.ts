import assert from 'node:assert/strict';
import type { Cell } from '../table.ts';
import { columnOf, profileRows, singleColumn } from './test-tables.ts';

/** Profiles one column of values and returns its inferred schema. */
function inferred(values: readonly Cell[], name = 'Field') {
  const column = columnOf(profileRows([name], singleColumn(values)), name);
  return { type: column.type, dateOrder: column.dateOrder, trueValue: column.trueValue, falseValue: column.falseValue, unparsable: column.unparsable?.count ?? null };
}

function repeat<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

describe('type inference', () => {
  it('should read numbers as numeric, even with a few values that are not numbers', () => {
    assert.equal(inferred(repeat(100, (index) => String((index * 37) % 41))).type, 'numeric');
    const amounts = repeat(100, (index) => (index < 3 ? 'TBD' : (index * 12.5).toFixed(2)));
    assert.deepEqual(inferred(amounts), { type: 'numeric', dateOrder: null, trueValue: null, falseValue: null, unparsable: 3 });
  });

  it('should read labels with few distinct values as categorical', () => {
    assert.equal(inferred(repeat(100, (index) => ['Web', 'Partner Referral', 'Trade Show'][index % 3]!)).type, 'categorical');
    assert.equal(inferred(repeat(100, (index) => ['Web', '12', 'x'][index % 3]!)).type, 'categorical', 'a third of numbers is not a number column');
  });

  it('should read yes/no, Y/N, true/false and 0/1 columns as boolean with their true text', () => {
    assert.deepEqual(inferred(repeat(60, (index) => (index % 3 ? 'yes' : 'no'))), { type: 'boolean', dateOrder: null, trueValue: 'yes', falseValue: 'no', unparsable: null });
    assert.equal(inferred(repeat(60, (index) => (index % 3 ? 'Y' : 'N'))).trueValue, 'Y');
    assert.equal(inferred(repeat(60, (index) => (index % 3 ? 'TRUE' : 'FALSE'))).type, 'boolean');
    assert.deepEqual(inferred(repeat(60, (index) => String(index % 2))), { type: 'boolean', dateOrder: null, trueValue: '1', falseValue: '0', unparsable: null });
  });

  it('should read a column of only 1 as numeric but a column of only yes as boolean', () => {
    assert.equal(inferred(repeat(20, () => '1')).type, 'numeric');
    assert.equal(inferred(repeat(20, () => 'yes')).type, 'boolean');
    assert.equal(inferred(repeat(60, (index) => String(index % 3))).type, 'numeric', '0, 1 and 2 are not yes/no');
  });

  it('should read ISO dates and date-times as dates without a day/month order', () => {
    assert.deepEqual(inferred(repeat(50, (index) => `2024-03-${String(1 + (index % 28)).padStart(2, '0')}`)), { type: 'date', dateOrder: null, trueValue: null, falseValue: null, unparsable: 0 });
    assert.equal(inferred(repeat(50, (index) => `2024-03-05T${String(index % 24).padStart(2, '0')}:00:00.000+0000`)).type, 'date');
  });

  it('should read ambiguous slashed dates month first, as US exports write them', () => {
    assert.equal(inferred(repeat(50, (index) => `0${1 + (index % 9)}/0${1 + (index % 7)}/2024`)).dateOrder, 'month_first');
    assert.equal(inferred(repeat(50, (index) => `${1 + (index % 12)}/${13 + (index % 15)}/2024`)).dateOrder, 'month_first');
  });

  it('should read slashed dates day first when some day comes first beyond 12', () => {
    const values = repeat(50, (index) => (index === 7 ? '25/03/2024' : `0${1 + (index % 9)}/0${1 + (index % 7)}/2024`));
    assert.deepEqual(inferred(values), { type: 'date', dateOrder: 'day_first', trueValue: null, falseValue: null, unparsable: 0 });
  });

  it('should keep a date column whose few values are not dates, and count those', () => {
    const values = repeat(100, (index) => (index < 2 ? 'soon' : `2024-01-${String(1 + (index % 28)).padStart(2, '0')}`));
    assert.deepEqual(inferred(values), { type: 'date', dateOrder: null, trueValue: null, falseValue: null, unparsable: 2 });
  });

  it('should read long, mostly different texts as text', () => {
    const notes = repeat(100, (index) => `Called about the renewal, follow up in week ${index} with a quote`);
    assert.equal(inferred(notes).type, 'text');
    assert.equal(inferred(repeat(100, (index) => `Person ${index}`)).type, 'categorical', 'short names are high-cardinality categories');
  });

  it('should read Salesforce ids, UUIDs and emails that are all different as identifiers', () => {
    const salesforceIds = repeat(30, (index) => `00Q5e00000${String(index).padStart(5, '0')}AAA`.slice(0, 18));
    assert.equal(inferred(salesforceIds).type, 'identifier');
    const uuids = repeat(30, (index) => `3f2504e0-4f89-11d3-9a0c-${String(index).padStart(12, '0')}`);
    assert.equal(inferred(uuids).type, 'identifier');
    assert.equal(inferred(repeat(30, (index) => `lead${index}@example.com`)).type, 'identifier');
    assert.equal(inferred(repeat(60, (index) => `lead${index % 10}@example.com`)).type, 'categorical', 'repeated emails describe, not identify');
  });

  it('should read dense running integers and Id-named columns as identifiers, but not unique amounts', () => {
    assert.equal(inferred(repeat(200, (index) => String(1000 + index))).type, 'identifier');
    assert.equal(inferred(repeat(20, (index) => String(index * 7)), 'account_id').type, 'identifier');
    assert.equal(inferred(repeat(200, (index) => String(1000 + index * 97))).type, 'numeric');
    assert.equal(inferred(repeat(200, (index) => `1C${index}X7A6R`)).type, 'identifier', 'codes with digits, all different');
  });

  it('should read codes with leading zeros (postal codes) as categories, not numbers', () => {
    assert.equal(inferred(repeat(100, (index) => ['02139', '10001', '94105', '60601'][index % 4]!)).type, 'categorical');
  });

  it('should leave placeholders and empty cells out of inference, and call an empty column categorical', () => {
    assert.equal(inferred(repeat(60, (index) => (index % 4 === 0 ? 'unknown' : index % 4 === 1 ? null : String(index)))).type, 'numeric');
    assert.equal(inferred(repeat(10, () => null)).type, 'categorical');
  });
});
