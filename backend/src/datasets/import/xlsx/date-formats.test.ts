import assert from 'node:assert/strict';
import { dateKindOfFormat, dateKindOfFormatCode } from './date-formats.ts';

describe('date formats', () => {
  it('should know the built-in date and time formats', () => {
    assert.equal(dateKindOfFormat(14, undefined), 'date');
    assert.equal(dateKindOfFormat(22, undefined), 'dateTime');
    assert.equal(dateKindOfFormat(21, undefined), 'time');
    assert.equal(dateKindOfFormat(0, undefined), undefined);
    assert.equal(dateKindOfFormat(4, undefined), undefined);
    assert.equal(dateKindOfFormat(46, undefined), undefined, '[h]:mm:ss is a duration');
  });

  it('should tell dates, times and date-times apart in custom formats', () => {
    assert.equal(dateKindOfFormatCode('yyyy-mm-dd'), 'date');
    assert.equal(dateKindOfFormatCode('[$-409]mmmm d, yyyy;@'), 'date');
    assert.equal(dateKindOfFormatCode('mmm-yy'), 'date');
    assert.equal(dateKindOfFormatCode('dd/mm/yyyy hh:mm'), 'dateTime');
    assert.equal(dateKindOfFormatCode('h:mm AM/PM'), 'time');
    assert.equal(dateKindOfFormatCode('mm:ss'), 'time');
  });

  it('should not mistake number formats with letters in literals, colours or exponents for dates', () => {
    assert.equal(dateKindOfFormatCode('General'), undefined);
    assert.equal(dateKindOfFormatCode('#,##0.00 "days"'), undefined);
    assert.equal(dateKindOfFormatCode('0.00E+00'), undefined);
    assert.equal(dateKindOfFormatCode('[Red]#,##0;[Blue]-#,##0'), undefined);
    assert.equal(dateKindOfFormatCode('0\\d'), undefined);
    assert.equal(dateKindOfFormatCode('[h]:mm'), undefined);
  });
});
