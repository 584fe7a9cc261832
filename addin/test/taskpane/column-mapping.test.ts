import assert from 'node:assert/strict';
import { buildRecords, excelSerialToIso, suggestMapping } from '../../src/taskpane/scoring/column-mapping.ts';
import { reasonsCell } from '../../src/taskpane/scoring/reasons-text.ts';

describe('mapping table columns to model fields', () => {
  it('should match names ignoring case, spaces, underscores and the __c suffix', () => {
    assert.deepEqual(suggestMapping(['LeadSource', 'Email_Opens__c', 'Rating'], ['Lead Source', 'email opens', 'Score']), [
      { field: 'LeadSource', column: 'Lead Source' },
      { field: 'Email_Opens__c', column: 'email opens' },
      { field: 'Rating', column: null },
    ]);
  });

  it('should build one record per row from mapped columns, leaving empty cells out and turning date serials into ISO dates', () => {
    const columns = ['Source', 'Created', 'Revenue'];
    const mapping = [
      { field: 'LeadSource', column: 'Source' },
      { field: 'CreatedDate', column: 'Created' },
      { field: 'AnnualRevenue', column: 'Revenue' },
      { field: 'Rating', column: null },
    ];
    assert.deepEqual(
      buildRecords(
        [
          ['Web', 45_292, 1200],
          ['', 45_292.5, 0],
        ],
        columns,
        mapping,
        ['Created'],
      ),
      [
        { LeadSource: 'Web', CreatedDate: '2024-01-01', AnnualRevenue: 1200 },
        { CreatedDate: '2024-01-01T12:00:00Z', AnnualRevenue: 0 },
      ],
    );
    assert.equal(excelSerialToIso(1), '1899-12-31');
  });

  it('should write reasons as a rep reads them, and the problem of a record not scored', () => {
    const reasons = { positive: [{ field: 'LeadSource', text: 'Lead source is Partner referral', points: 12 }], negative: [{ field: 'Rating', text: 'Rating is Cold', points: -5 }], otherPoints: 1 };
    assert.equal(reasonsCell({ probability: 0.5, score: 50, grade: 'B', baseScore: 42, reasons }), 'Lead source is Partner referral (+12); Rating is Cold (\u22125)');
    assert.equal(reasonsCell({ probability: 0.27, score: 27, grade: 'C', baseScore: 27, reasons: { positive: [], negative: [], otherPoints: 0 } }), "No field moved the score from the model's base score (27)");
    assert.equal(reasonsCell({ probability: 0.27, score: 27, grade: 'C', baseScore: null, reasons: { positive: [], negative: [], otherPoints: 0 } }), 'No reasons: this model is not explained');
    assert.equal(reasonsCell({ probability: null, score: null, grade: null, baseScore: null, reasons: { positive: [], negative: [], otherPoints: 0 }, problem: 'the record is not an object' }), 'Not scored: the record is not an object');
  });
});
