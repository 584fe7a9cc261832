import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetProfile, QualityReport, TargetAnalysis } from '@scorebridge/shared';
import { parse } from 'csv-parse/sync';
import { InvalidDataError } from '../invalid-data-error.ts';
import { crossDatasetFindings } from './cross-dataset-findings.ts';
import { buildQualityReport } from './quality-report.ts';
import { createTargetAnalyzer } from './target-analyzer.ts';
import { analyzeRows, columnOf, profileRows } from './test-tables.ts';

/**
 * Public data sets with known flaws, kept beside the repository in ../shared/data for measuring
 * the project. A user's clone has no such folder, so these tests skip themselves without it.
 */

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data');

function readCsv(file: string, delimiter: string): { columns: string[]; rows: string[][] } {
  const [columns, ...rows] = parse(readFileSync(path.join(DATA, file)), { delimiter }) as string[][];
  return { columns: columns!, rows };
}

function findingsOf(report: QualityReport, code: string) {
  return report.findings.filter((finding) => finding.code === code);
}

describe('public data sets', function () {
  this.timeout(120_000);

  describe('UCI bank marketing', () => {
    let profile: DatasetProfile;
    let analysis: TargetAnalysis;
    let report: QualityReport;

    before(function () {
      // Not part of a user's clone: see ../shared/data/README.md.
      if (!existsSync(path.join(DATA, 'bank-marketing/bank-additional-full.csv'))) this.skip();
      const { columns, rows } = readCsv('bank-marketing/bank-additional-full.csv', ';');
      profile = profileRows(columns, rows);
      analysis = analyzeRows(profile, rows, { column: 'y' });
      report = buildQualityReport(profile, analysis);
    });

    it('should name the "unknown" placeholders of every column that has them', () => {
      const columns = findingsOf(report, 'placeholder_values').map((finding) => finding.columns[0]);
      assert.deepEqual(columns, ['job', 'marital', 'education', 'default', 'housing', 'loan']);
      assert.equal(findingsOf(report, 'placeholder_values')[3]!.measures['rows:unknown'], 8597);
      assert.match(findingsOf(report, 'placeholder_values')[3]!.message, /^Column default uses "unknown" \(8,597 rows\) to mean "no value", in 20\.9% of the rows/);
    });

    it('should suspect duration of leaking the outcome y = yes', () => {
      assert.deepEqual(analysis.target.positive, ['yes']);
      const [duration] = findingsOf(report, 'leakage_suspect');
      assert.deepEqual(duration?.columns, ['duration']);
      assert.equal(duration?.severity, 'warning');
      assert.ok(Math.abs(Number(duration?.measures.auc) - 0.818) < 0.01, `AUC ${duration?.measures.auc}`);
      assert.equal(findingsOf(report, 'leakage_suspect').length, 1, 'economic indicators (AUC 0.75) are not suspects');
    });

    it('should call pdays = 999 a sentinel that dominates the column', () => {
      const [pdays] = findingsOf(report, 'sentinel_value');
      assert.deepEqual(pdays?.columns, ['pdays']);
      assert.equal(pdays?.measures.value, 999);
      assert.equal(pdays?.measures.share, 39_673 / 41_188);
      assert.match(pdays!.message, /^Column pdays is 999 in 96\.3% of its rows, far from all its other values \(0 to 27\)/);
    });

    it('should note the class imbalance of 11.27% yes and the 12 duplicate rows', () => {
      assert.deepEqual(analysis.counts, { positive: 4640, negative: 36_548, unlabeled: 0 });
      const [imbalance] = findingsOf(report, 'class_imbalance');
      assert.match(imbalance!.message, /^Only 11\.3% of the rows with an outcome have y "yes" \(4,640 of 41,188\)/);
      assert.equal(findingsOf(report, 'duplicate_rows')[0]?.measures.count, 12);
      assert.equal(report.readiness.ready, true);
    });

    it('should infer the column types', () => {
      assert.deepEqual(
        Object.fromEntries(profile.columns.map(({ name, type }) => [name, type])),
        {
          age: 'numeric',
          job: 'categorical',
          marital: 'categorical',
          education: 'categorical',
          default: 'boolean',
          housing: 'boolean',
          loan: 'boolean',
          contact: 'categorical',
          month: 'categorical',
          day_of_week: 'categorical',
          duration: 'numeric',
          campaign: 'numeric',
          pdays: 'numeric',
          previous: 'numeric',
          poutcome: 'categorical',
          'emp.var.rate': 'numeric',
          'cons.price.idx': 'numeric',
          'cons.conf.idx': 'numeric',
          euribor3m: 'numeric',
          'nr.employed': 'numeric',
          y: 'boolean',
        },
      );
    });
  });

  describe('Maven CRM sales pipeline', () => {
    let profile: DatasetProfile;
    let rows: string[][];
    let report: QualityReport;

    before(function () {
      // Not part of a user's clone: see ../shared/data/README.md.
      if (!existsSync(path.join(DATA, 'crm-opportunities/sales_pipeline.csv'))) this.skip();
      const csv = readCsv('crm-opportunities/sales_pipeline.csv', ',');
      rows = csv.rows;
      profile = profileRows(csv.columns, rows);
      // Open deals (Engaging, Prospecting) have no outcome yet. The caller leaves them out by naming
      // both outcomes: rows with any other stage are unlabeled, while the profile keeps every row.
      report = buildQualityReport(profile, analyzeRows(profile, rows, { column: 'deal_stage', positive: 'Won', negative: 'Lost' }));
    });

    it('should report the 1,425 deals without an account', () => {
      assert.equal(columnOf(profile, 'account').missing.count, 1425);
      const [account] = findingsOf(report, 'missing_values').filter((finding) => finding.columns[0] === 'account');
      assert.match(account!.message, /^Column account is empty in 1,425 of 8,800 rows \(16\.2%\)/);
    });

    it('should count won and lost deals and leave the open ones out', () => {
      const [unlabeled] = findingsOf(report, 'unlabeled_rows');
      assert.equal(unlabeled?.measures.count, 1589 + 500);
      assert.match(unlabeled!.message, /neither "Won" nor "Lost" \(as for deals still open\)/);
      const minimums = report.readiness.checks.filter((check) => check.code !== 'no_blockers').map((check) => check.actual);
      assert.deepEqual(minimums, [4238 + 2473, 4238, 2473]);
    });

    it('should block close_value, which is 0 for every lost deal', () => {
      assert.deepEqual(findingsOf(report, 'leakage_suspect').map((finding) => [finding.columns[0], finding.severity]), [['close_value', 'blocker']]);
      assert.equal(report.readiness.ready, false);
      assert.equal(columnOf(profile, 'opportunity_id').type, 'identifier');
    });

    it('should ask which stage is the outcome when none is given', () => {
      assert.throws(() => createTargetAnalyzer(profile, { column: 'deal_stage' }), (error: unknown) => {
        assert.ok(error instanceof InvalidDataError);
        assert.match(error.message, /has 4 different values \("Won" 4,238, "Lost" 2,473, "Engaging" 1,589, "Prospecting" 500\)/);
        return true;
      });
    });
  });

  describe('Maven CRM accounts', () => {
    let report: QualityReport;

    before(function () {
      // Not part of a user's clone: see ../shared/data/README.md.
      if (!existsSync(path.join(DATA, 'crm-opportunities/accounts.csv'))) this.skip();
      const csv = readCsv('crm-opportunities/accounts.csv', ',');
      report = buildQualityReport(profileRows(csv.columns, csv.rows), undefined);
    });

    it('should name the product spelled "GTXPro" in the pipeline and "GTX Pro" in products.csv', function () {
      if (!existsSync(path.join(DATA, 'crm-opportunities/products.csv'))) this.skip();
      const products = readCsv('crm-opportunities/products.csv', ',');
      const pipeline = readCsv('crm-opportunities/sales_pipeline.csv', ',');
      const [finding] = crossDatasetFindings(profileRows(pipeline.columns, pipeline.rows), [{ name: 'products.csv', profile: profileRows(products.columns, products.rows) }]);
      assert.deepEqual(finding?.columns, ['product']);
      assert.match(finding!.message, /"GTXPro" \(1,480 rows\) is "GTX Pro" in products\.csv/);
    });

    it('should name the misspelled sector "technolgy"', () => {
      const [finding] = findingsOf(report, 'misspelled_values');
      assert.deepEqual(finding?.columns, ['sector']);
      assert.match(finding!.message, /"technolgy" \(12 rows\) for "Technology"/);
    });
  });
});
