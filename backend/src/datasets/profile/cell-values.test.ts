import assert from 'node:assert/strict';
import { createDateReading, createPlaceholderMatcher, ID_SHAPES, idShape, parseDate, parseNumber, readBoolean, readDate } from './cell-values.ts';

describe('cell values', () => {
  describe('numbers', () => {
    it('should read plain, signed, decimal, exponent and comma-grouped numbers', () => {
      assert.deepEqual(['12', '-3.5', '+4', '.5', '7.', '1e6', '2.5E-3', '1,234,567.89'].map(parseNumber), [12, -3.5, 4, 0.5, 7, 1e6, 0.0025, 1234567.89]);
    });

    it('should not read codes, currencies, percentages or decimal commas as numbers', () => {
      for (const text of ['02139', '007', '$12', '12%', '1,5', '1.2.3', 'Infinity', 'NaN', '1e999', '', 'twelve', '12 000']) {
        assert.ok(Number.isNaN(parseNumber(text)), text);
      }
    });
  });

  describe('dates', () => {
    it('should read ISO dates and date-times with and without a zone', () => {
      assert.equal(parseDate('2024-03-05', 'month_first'), Date.UTC(2024, 2, 5));
      assert.equal(parseDate('2024-03-05T14:30:00Z', 'month_first'), Date.UTC(2024, 2, 5, 14, 30));
      assert.equal(parseDate('2024-03-05 14:30', 'month_first'), Date.UTC(2024, 2, 5, 14, 30));
      assert.equal(parseDate('2024-03-05T14:30:00.000+0000', 'month_first'), Date.UTC(2024, 2, 5, 14, 30));
      assert.equal(parseDate('2024-03-05T14:30:00+02:00', 'month_first'), Date.UTC(2024, 2, 5, 12, 30));
      assert.equal(parseDate('2024/03/05', 'day_first'), Date.UTC(2024, 2, 5));
    });

    it('should read a slashed date in the order asked for, and dotted dates day first', () => {
      assert.equal(parseDate('05/03/2024', 'month_first'), Date.UTC(2024, 4, 3));
      assert.equal(parseDate('05/03/2024', 'day_first'), Date.UTC(2024, 2, 5));
      assert.equal(parseDate('05.03.2024', 'month_first'), Date.UTC(2024, 2, 5));
      assert.equal(parseDate('3/5/2024 2:30 PM', 'month_first'), Date.UTC(2024, 2, 5, 14, 30));
      assert.equal(parseDate('3/5/2024 12:15 AM', 'month_first'), Date.UTC(2024, 2, 5, 0, 15));
    });

    it('should tell which readings of a slashed date exist', () => {
      const reading = createDateReading();
      readDate('25/03/2024', reading);
      assert.ok(Number.isNaN(reading.monthFirst));
      assert.equal(reading.dayFirst, Date.UTC(2024, 2, 25));
      assert.equal(reading.slashed, true);
      readDate('2024-03-25', reading);
      assert.equal(reading.slashed, false);
    });

    it('should not read impossible dates, month names or two-digit years', () => {
      for (const text of ['2024-02-30', '2023-02-29', '2024-13-01', '13/13/2024', '5 Mar 2024', 'March 5, 2024', '3/5/24', '2024-03-05T25:00', '20240305', '13:30 PM', '0001-01-01']) {
        assert.ok(Number.isNaN(parseDate(text, 'month_first')) && Number.isNaN(parseDate(text, 'day_first')), text);
      }
      assert.equal(parseDate('2024-02-29', 'month_first'), Date.UTC(2024, 1, 29));
    });
  });

  it('should match placeholders case-insensitively', () => {
    const isPlaceholder = createPlaceholderMatcher(['unknown', 'N/A', '-', 'Select']);
    assert.deepEqual(['Unknown', 'UNKNOWN', 'n/a', '-', 'select', 'known', 'N/A.', 'Selected'].map(isPlaceholder), [true, true, true, true, true, false, false, false]);
  });

  it('should read yes/no words in any common case', () => {
    assert.deepEqual(['yes', 'No', 'TRUE', 'f', 'Y', '1', '0', 'maybe', 'yes please'].map(readBoolean), [true, false, true, false, true, true, false, undefined, undefined]);
  });

  it('should tell id-like texts from categories', () => {
    assert.equal(idShape('00Q5e00000AbCdE'), ID_SHAPES.strong);
    assert.equal(idShape('0065e00000AbCdEFGH'), ID_SHAPES.strong);
    assert.equal(idShape('3f2504e0-4f89-11d3-9a0c-0305e82c3301'), ID_SHAPES.strong);
    assert.equal(idShape('ana@acme.example'), ID_SHAPES.strong);
    assert.equal(idShape('INV-2024-0042'), ID_SHAPES.code);
    assert.equal(idShape('Representatives'), ID_SHAPES.none);
    assert.equal(idShape('Web'), ID_SHAPES.none);
    assert.equal(idShape('Closed Won'), ID_SHAPES.none);
  });
});
