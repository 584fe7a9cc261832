import assert from 'node:assert/strict';
import './support/custom-functions-runtime.ts';
import { parseRangeAddress } from '../../src/functions/a1-address.ts';
import { CellInputError } from '../../src/functions/cell-errors.ts';
import { isPinnedReference, referenceKey } from '../../src/functions/model-reference.ts';
import { headerNames, missingFields, recordRows } from '../../src/functions/record-arguments.ts';

describe('worksheet function arguments', () => {
  it('should key each row of the record by the header row, reading empty and error cells as missing values', () => {
    const fields = headerNames([['LeadSource', ' Industry ', 'AnnualRevenue', 'Converted']]);
    assert.deepEqual(fields, ['LeadSource', 'Industry', 'AnnualRevenue', 'Converted']);
    const rows = recordRows(
      [
        ['Web', 'Technology', 120000, false],
        ['', '  ', new CustomFunctions.Error(CustomFunctions.ErrorCode.divisionByZero), ''],
        ['Partner', null, Number.NaN, true],
      ],
      fields,
    );
    assert.deepEqual(rows.records, [{ LeadSource: 'Web', Industry: 'Technology', AnnualRevenue: 120000, Converted: false }, null, { LeadSource: 'Partner', Industry: null, AnnualRevenue: null, Converted: true }]);
  });

  it('should refuse headers that cannot name the columns, saying what is wrong', () => {
    const refused = (run: () => unknown, message: RegExp) => assert.throws(run, (error: unknown) => error instanceof CellInputError && error.kind === 'invalidValue' && message.test(error.message));
    refused(() => headerNames([['A'], ['B']]), /headers must be one row, not 2/);
    refused(() => headerNames([['Industry', '', 'Rating']]), /the header of column 2 is empty/);
    refused(() => headerNames([['Industry', 'industry']]), /column industry appears twice/);
    refused(() => recordRows([['Web', 'Tech']], ['LeadSource']), /the record has 2 columns and the headers 1/);
  });

  it('should name the fields a model reads that the headers lack', () => {
    assert.deepEqual(missingFields(['LeadSource', 'Industry', 'Rating'], ['Rating', 'LeadSource']), ['Industry']);
  });

  it('should tell pinned model references (a version number or id) from moving ones', () => {
    assert.equal(isPinnedReference('Lead conversion@3'), true);
    assert.equal(isPinnedReference('0b6f5a34-2c1d-4e6f-8a9b-0c1d2e3f4a5b'), true);
    assert.equal(isPinnedReference('Lead conversion@champion'), false);
    assert.equal(isPinnedReference('Lead conversion'), false);
    assert.equal(referenceKey(' Lead Conversion @ 3'), 'lead conversion@3');
  });

  it('should read range addresses as Excel reports them', () => {
    assert.deepEqual(parseRangeAddress('Sheet1!A2:F2'), { sheet: 'Sheet1', firstRow: 2, lastRow: 2, firstColumn: 1, lastColumn: 6 });
    assert.deepEqual(parseRangeAddress("'Q3 ''hot'' leads'!$AA$10"), { sheet: "Q3 'hot' leads", firstRow: 10, lastRow: 10, firstColumn: 27, lastColumn: 27 });
    assert.equal(parseRangeAddress('A1:B2'), null, 'no sheet');
    assert.equal(parseRangeAddress('Sheet1!A:A'), null, 'whole columns');
  });
});
