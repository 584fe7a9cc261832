import assert from 'node:assert/strict';
import { excelSerialToIso } from './excel-dates.ts';

describe('excelSerialToIso', () => {
  it('should convert serials of the 1900 date system', () => {
    assert.equal(excelSerialToIso(45123, 'date', false), '2023-07-16');
    assert.equal(excelSerialToIso(36526, 'date', false), '2000-01-01');
    assert.equal(excelSerialToIso(45000.75, 'dateTime', false), '2023-03-15T18:00:00');
    assert.equal(excelSerialToIso(45000, 'dateTime', false), '2023-03-15T00:00:00');
  });

  it("should honour Excel's phantom 1900-02-29 on both sides of it", () => {
    assert.equal(excelSerialToIso(1, 'date', false), '1900-01-01');
    assert.equal(excelSerialToIso(59, 'date', false), '1900-02-28');
    assert.equal(excelSerialToIso(61, 'date', false), '1900-03-01');
  });

  it('should convert serials of the 1904 date system', () => {
    assert.equal(excelSerialToIso(0, 'date', true), '1904-01-01');
    assert.equal(excelSerialToIso(43000, 'date', true), '2021-09-23');
  });

  it('should show times of day rounded to the second', () => {
    assert.equal(excelSerialToIso(0.5, 'time', false), '12:00:00');
    assert.equal(excelSerialToIso(0.99998, 'time', false), '23:59:58');
    assert.equal(excelSerialToIso(0.999999, 'time', false), '00:00:00', 'a time that rounds up to midnight wraps');
    assert.equal(excelSerialToIso(45000.9999999, 'dateTime', false), '2023-03-16T00:00:00');
  });

  it('should leave serials no date can have to the caller', () => {
    assert.equal(excelSerialToIso(-1, 'date', false), undefined);
    assert.equal(excelSerialToIso(3_000_000, 'date', false), undefined);
  });
});
