import assert from 'node:assert/strict';
import { parseDate } from '../datasets/profile/cell-values.ts';
import { parseDateText } from './date-text.ts';

const utc = Date.UTC;

describe('parseDateText', () => {
  it('should read ISO dates and date-times without a zone as UTC', () => {
    assert.equal(parseDateText('2024-03-05', false), utc(2024, 2, 5));
    assert.equal(parseDateText('2024-03-05T14:30', false), utc(2024, 2, 5, 14, 30));
    assert.equal(parseDateText('2024-03-05 14:30:15', false), utc(2024, 2, 5, 14, 30, 15));
    assert.equal(parseDateText('2024-03-05T14:30:15.123456789', false), utc(2024, 2, 5, 14, 30, 15, 123));
    assert.equal(parseDateText('2024-03-05T14:30:15.5', false), utc(2024, 2, 5, 14, 30, 15, 500));
  });

  it('should convert zones to UTC, including Salesforce’s +0000 form and offsets that change the day', () => {
    assert.equal(parseDateText('2024-03-05T14:30:00.000+0000', false), utc(2024, 2, 5, 14, 30));
    assert.equal(parseDateText('2024-03-05T14:30:00Z', false), utc(2024, 2, 5, 14, 30));
    assert.equal(parseDateText('2024-03-05T01:30:00+02:00', false), utc(2024, 2, 4, 23, 30));
    assert.equal(parseDateText('2024-03-05T22:30:00-05:00', false), utc(2024, 2, 6, 3, 30));
    assert.equal(parseDateText('2024-03-05T22:30:00-05', false), utc(2024, 2, 6, 3, 30));
    assert.equal(parseDateText('2024-03-05T22:30:00 Z', false), utc(2024, 2, 5, 22, 30));
  });

  it('should not depend on the time zone of the machine', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const text = '2024-03-05T23:30:00';
      assert.notEqual(Date.parse(text), utc(2024, 2, 5, 23, 30), 'Date.parse reads a zone-less time as local time');
      assert.equal(parseDateText(text, false), utc(2024, 2, 5, 23, 30));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('should read slashed and dashed dates in the column’s order and dotted dates day first', () => {
    assert.equal(parseDateText('3/5/2024', false), utc(2024, 2, 5));
    assert.equal(parseDateText('3/5/2024', true), utc(2024, 4, 3));
    assert.equal(parseDateText('03-05-2024', true), utc(2024, 4, 3));
    assert.equal(parseDateText('05.03.2024', false), utc(2024, 2, 5));
    assert.equal(parseDateText('2024/3/5', true), utc(2024, 2, 5));
  });

  it('should read times with AM and PM after slashed dates', () => {
    assert.equal(parseDateText('3/5/2024 2:30 PM', false), utc(2024, 2, 5, 14, 30));
    assert.equal(parseDateText('3/5/2024 12:05am', false), utc(2024, 2, 5, 0, 5));
    assert.equal(parseDateText('3/5/2024 12:05:09 pm', false), utc(2024, 2, 5, 12, 5, 9));
    assert.equal(parseDateText('3/5/2024T23:59', false), utc(2024, 2, 5, 23, 59));
  });

  it('should refuse impossible dates, ambiguous forms and anything else', () => {
    const refused = [
      '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-03-05T24:00', '2024-03-05T12:60', '2024-03-05T12',
      '2024-03-05T12:00:00+25:00', '2024-03-05Z', '24-03-05', '3/5/24', 'March 5, 2024', '5 Mar 2024', '3/5-2024',
      '3/5/2024 13:00 PM', '2024/03/05 10:00', '20240305', '', 'unknown', '2024-3-5',
    ];
    for (const text of refused) assert.ok(Number.isNaN(parseDateText(text, false)), text);
  });

  it('should read leap days and dates before 1970', () => {
    assert.equal(parseDateText('2024-02-29', false), utc(2024, 1, 29));
    assert.equal(parseDateText('2000-02-29', false), utc(2000, 1, 29));
    assert.ok(Number.isNaN(parseDateText('1900-02-29', false)));
    assert.equal(parseDateText('1969-12-31T23:59:59Z', false), -1000);
  });

  it('should agree with the dataset profile on the dates both read', () => {
    const samples = [
      '2024-03-05', '2024-03-05T14:30', '2024-03-05 14:30:15', '2024-03-05T14:30:00.000+0000', '2024-03-05T01:30:00+02:00',
      '2024-03-05T22:30:00-05', '3/5/2024', '03-05-2024', '05.03.2024', '2024/3/5', '3/5/2024 2:30 PM', '3/5/2024 12:05am',
      '2023-02-29', '3/5/24', 'soon', '2024-03-05T24:00',
    ];
    for (const text of samples) {
      for (const dayFirst of [false, true]) {
        assert.ok(Object.is(parseDateText(text, dayFirst), parseDate(text, dayFirst ? 'day_first' : 'month_first')), `${text} ${dayFirst}`);
      }
    }
  });
});
