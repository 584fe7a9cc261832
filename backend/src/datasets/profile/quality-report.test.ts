import assert from 'node:assert/strict';
import { qualityReportSchema, type QualityReport } from '@scorebridge/shared';
import type { Cell } from '../table.ts';
import { buildQualityReport } from './quality-report.ts';
import { createRandom } from './reservoir.ts';
import { analyzeRows, profileRows } from './test-tables.ts';

const FLAWED_COLUMNS = [
  'Id',
  'IsConverted',
  'LeadSource',
  'Country',
  'DoNotCall',
  'Notes',
  'City',
  'AnnualRevenue',
  'Lead_Status__c',
  'Converted_Date__c',
  'CallDuration',
  'DaysSinceContact',
  'Industry',
  'Employees',
];

/**
 * 2,000 leads with one planted flaw per column, and 5 rows copied under new ids plus 3 rows whose
 * id repeats. Each flaw must come out as its finding; nothing else may be a warning.
 */
function flawedLeads(): Cell[][] {
  const random = createRandom(3);
  const rows = Array.from({ length: 2000 }, (_, index): Cell[] => {
    const converted = random() < 0.3;
    return [
      `00Q5e0000${String(index).padStart(6, '0')}AAA`,
      converted ? 'true' : 'false',
      index % 10 === 0 ? 'Select' : index % 10 === 1 ? 'unknown' : ['Web', 'Referral', 'Trade Show'][index % 3]!,
      'US',
      index % 50 === 0 ? 'true' : 'false',
      `Met at the ${index}th event; wants a demo of the reporting module next quarter`,
      `City ${index % 300}`,
      String(Math.round(random() * 1_000_000)),
      converted ? 'Qualified' : ['Working', 'Nurturing'][index % 2]!,
      converted ? `2024-06-${String(1 + (index % 28)).padStart(2, '0')}` : '',
      String(Math.round((converted ? 260 : 120) + random() * 300)),
      index % 4 === 0 ? String(Math.floor(random() * 60)) : '999',
      index % 3 === 0 ? ['Software', 'Retail', 'Banking'][index % 9 / 3]! : null,
      index % 100 === 0 ? 'TBD' : String(10 + (index % 500)),
    ];
  });
  const copies = [10, 20, 30, 40, 50].map((source, copy) => [`00Q5e0000${String(9000 + copy).padStart(6, '0')}AAA`, ...rows[source]!.slice(1)]);
  const repeatedIds = [60, 70, 80].map((source, copy) => [rows[source]![0]!, ...rows[copy + 1]!.slice(1, 5), 'Entered twice', ...rows[copy + 1]!.slice(6)]);
  return [...rows, ...copies, ...repeatedIds];
}

/** A table without flaws: balanced outcome, complete, varied columns. */
function cleanLeads(): Cell[][] {
  const random = createRandom(5);
  return Array.from({ length: 1000 }, (): Cell[] => {
    const score = random();
    return [
      score < 0.4 ? 'yes' : 'no',
      ['Web', 'Referral', 'Trade Show', 'Partner'][Math.floor(random() * 4)]!,
      String(Math.round(random() * 500_000)),
      `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      ['Hot', 'Warm', 'Cold'][Math.floor(random() * 3)]!,
    ];
  });
}

function found(report: QualityReport, severity?: 'info' | 'warning' | 'blocker'): string[] {
  return report.findings.filter((finding) => severity === undefined || finding.severity === severity).map((finding) => `${finding.code}:${finding.columns.join('+')}`);
}

function messageOf(report: QualityReport, code: string, column?: string): string {
  const finding = report.findings.find((candidate) => candidate.code === code && (column === undefined || candidate.columns.includes(column)));
  assert.ok(finding, `no ${code} finding${column ? ` for ${column}` : ''}`);
  return finding.message;
}

describe('quality report', () => {
  describe('of a table with planted flaws', () => {
    let report: QualityReport;
    let rows: Cell[][];

    before(() => {
      rows = flawedLeads();
      const profile = profileRows(FLAWED_COLUMNS, rows);
      report = buildQualityReport(profile, analyzeRows(profile, rows, { column: 'IsConverted' }));
    });

    it('should block training on the leaking columns', () => {
      assert.deepEqual(found(report, 'blocker').sort(), ['filled_after_outcome:Converted_Date__c', 'leakage_suspect:Lead_Status__c']);
      assert.match(messageOf(report, 'filled_after_outcome'), /^Column Converted_Date__c is filled only when IsConverted is "true" \(100% of those rows, 0% of the others\): .*leaks the outcome\. Exclude it\.$/);
      assert.match(messageOf(report, 'leakage_suspect', 'Lead_Status__c'), /alone predicts IsConverted almost perfectly \(AUC 1\)/);
    });

    it('should warn of each planted flaw, and of nothing else', () => {
      assert.deepEqual(found(report, 'warning').sort(), [
        'constant_column:Country',
        'duplicate_ids:Id',
        'duplicate_rows:',
        'leakage_suspect:CallDuration',
        'missing_values:Industry',
        'placeholder_values:LeadSource',
        'sentinel_value:DaysSinceContact',
        'unparsable_values:Employees',
      ]);
    });

    it('should note identifiers, high cardinality and near-constant columns', () => {
      assert.deepEqual(found(report, 'info').sort(), ['high_cardinality:City', 'high_cardinality:Notes', 'identifier_column:Id', 'near_constant_column:DoNotCall']);
    });

    it('should give the numbers in words a sales analyst reads', () => {
      assert.match(messageOf(report, 'placeholder_values'), /^Column LeadSource uses "Select" \(20\d rows\) and "unknown" \(20\d rows\) to mean "no value"/);
      assert.match(messageOf(report, 'duplicate_rows'), /^5 rows repeat an earlier row in every column except Id \(for example rows 2,001, 2,002/);
      assert.match(messageOf(report, 'duplicate_ids'), /^3 rows repeat an Id that an earlier row already has/);
      assert.match(messageOf(report, 'sentinel_value'), /^Column DaysSinceContact is 999 in 75(\.\d)?% of its rows, far from all its other values \(0 to 59\)/);
      assert.match(messageOf(report, 'constant_column'), /same value \("US"\) in every filled row/);
      assert.match(messageOf(report, 'unparsable_values'), /holds numbers, but 20 of its values are not \(for example "TBD"\)/);
      assert.match(messageOf(report, 'leakage_suspect', 'CallDuration'), /unusually well \(AUC 0\.\d+; higher values go with "true"\)/);
      const duplicates = report.findings.find((finding) => finding.code === 'duplicate_rows')!;
      assert.equal(duplicates.measures.count, 5);
    });

    it('should not be ready while blockers remain, and be ready once the leaking columns are excluded', () => {
      assert.equal(report.readiness.ready, false);
      assert.deepEqual(report.readiness.reasons, ['2 blocking problems with Lead_Status__c and Converted_Date__c: exclude those columns from training or fix the data first.']);
      const profile = profileRows(FLAWED_COLUMNS, rows);
      const excluded = buildQualityReport(profile, analyzeRows(profile, rows, { column: 'IsConverted' }), { excludedColumns: ['Lead_Status__c', 'Converted_Date__c'] });
      assert.equal(excluded.counts.blocker, 0);
      assert.equal(excluded.readiness.ready, true);
      assert.deepEqual(qualityReportSchema.parse(JSON.parse(JSON.stringify(excluded))), excluded);
    });
  });

  describe('of a clean table', () => {
    it('should have no warnings and be ready', () => {
      const rows = cleanLeads();
      const columns = ['Converted', 'LeadSource', 'AnnualRevenue', 'CreatedDate', 'Rating'];
      const profile = profileRows(columns, rows);
      assert.deepEqual(
        profile.columns.map(({ type }) => type),
        ['boolean', 'categorical', 'numeric', 'date', 'categorical'],
      );
      const report = buildQualityReport(profile, analyzeRows(profile, rows, { column: 'Converted' }));
      assert.deepEqual(report.findings, []);
      assert.equal(report.readiness.ready, true);
      assert.deepEqual(
        report.readiness.checks.map(({ code, passed, actual }) => [code, passed, actual]),
        [
          ['min_rows', true, 1000],
          ['min_positives', true, rows.filter((row) => row[0] === 'yes').length],
          ['min_negatives', true, rows.filter((row) => row[0] === 'no').length],
          ['no_blockers', true, 0],
        ],
      );
    });
  });

  describe('readiness', () => {
    function readinessOf(positives: number, negatives: number, options = {}) {
      const random = createRandom(positives * 7919 + negatives);
      const rows = Array.from({ length: positives + negatives }, (_, index): Cell[] => [index < positives ? 'Won' : 'Lost', (random() * 1000).toFixed(2)]);
      const profile = profileRows(['Stage', 'Amount'], rows);
      return buildQualityReport(profile, analyzeRows(profile, rows, { column: 'Stage' }), options);
    }

    it('should fail with too few outcomes of a kind or too few rows, saying how many are needed', () => {
      const report = readinessOf(25, 150);
      assert.equal(report.readiness.ready, false);
      assert.deepEqual(report.readiness.reasons, [
        'Only 175 rows have an outcome in Stage; at least 200 are needed. Add closed records (a longer time window, say).',
        'Only 25 rows have Stage "Won"; at least 40 are needed for the model to learn what success looks like.',
      ]);
    });

    it('should apply the minimums it is given, as Einstein opportunity scoring requires', () => {
      assert.equal(readinessOf(250, 250).readiness.ready, true);
      const einstein = readinessOf(250, 150, { minRows: 400, minPositives: 200, minNegatives: 200 });
      assert.deepEqual(einstein.readiness.checks.filter((check) => !check.passed).map((check) => check.code), ['min_negatives']);
    });

    it('should note class imbalance, and warn when the rare outcome is very rare', () => {
      assert.deepEqual(readinessOf(100, 100).findings, []);
      const imbalance = (positives: number, negatives: number) => readinessOf(positives, negatives).findings.find((finding) => finding.code === 'class_imbalance');
      assert.equal(imbalance(100, 900)?.severity, 'info');
      assert.match(imbalance(100, 900)!.message, /^Only 10% of the rows with an outcome have Stage "Won" \(100 of 1,000\)/);
      assert.equal(imbalance(40, 1960)?.severity, 'warning');
    });

    it('should not be ready without a target, and say to choose one', () => {
      const profile = profileRows(['Stage'], [['Won'], ['Lost']]);
      const report = buildQualityReport(profile, undefined);
      assert.equal(report.readiness.ready, false);
      assert.match(report.readiness.reasons[0]!, /^No outcome column is chosen yet/);
    });
  });
});
