import assert from 'node:assert/strict';
import { targetAnalysisSchema, type DatasetProfile, type TargetAnalysis } from '@scorebridge/shared';
import { InvalidDataError } from '../invalid-data-error.ts';
import type { Cell } from '../table.ts';
import { createTargetAnalyzer } from './target-analyzer.ts';
import { createRandom } from './reservoir.ts';
import { analyzeRows, profileRows, singleColumn } from './test-tables.ts';

const COLUMNS = ['Id', 'IsConverted', 'Score', 'Noise', 'LeadSource', 'ConvertedDate', 'Email', 'AnnualRevenue'];

/** Leads whose conversion depends on Score and LeadSource; ConvertedDate is filled only on conversion. */
function leads(count: number, seed = 1): Cell[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const source = ['Web', 'Referral', 'Trade Show', 'Email'][index % 4]!;
    const score = random() * 100;
    const converted = random() < (source === 'Referral' ? 0.5 : 0.1) + score / 250;
    return [
      String(index + 1),
      converted ? 'true' : 'false',
      score.toFixed(1),
      (random() * 100).toFixed(1),
      source,
      converted ? `2024-05-${String(1 + (index % 28)).padStart(2, '0')}` : null,
      `lead${index}@example.com`,
      converted ? '5000000' : '100',
    ];
  });
}

function separationOf(analysis: TargetAnalysis, name: string) {
  const column = analysis.columns.find((candidate) => candidate.name === name);
  assert.ok(column, `no column ${name}`);
  return column;
}

function expectInvalid(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvalidDataError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

describe('target analyzer', () => {
  let rows: Cell[][];
  let profile: DatasetProfile;
  let analysis: TargetAnalysis;

  before(() => {
    rows = leads(4000);
    profile = profileRows(COLUMNS, rows);
    analysis = analyzeRows(profile, rows, { column: 'IsConverted' });
  });

  it('should infer the positive value of a true/false target and count the classes', () => {
    assert.deepEqual(analysis.target, { column: 'IsConverted', positive: ['true'], negative: null, inferred: true });
    const positives = rows.filter((row) => row[1] === 'true').length;
    assert.deepEqual(analysis.counts, { positive: positives, negative: 4000 - positives, unlabeled: 0 });
    assert.equal(analysis.positiveShare, positives / 4000);
    assert.deepEqual(targetAnalysisSchema.parse(JSON.parse(JSON.stringify(analysis))), analysis);
  });

  it('should measure a numeric column by rank AUC with its direction', () => {
    const score = separationOf(analysis, 'Score');
    assert.equal(score.method, 'rank');
    assert.equal(score.direction, 'higher_is_positive');
    assert.ok(score.auc! > 0.6 && score.auc! < 0.8, `Score AUC ${score.auc}`);
    assert.ok(separationOf(analysis, 'Noise').auc! < 0.56, 'noise does not separate');
    assert.equal(separationOf(analysis, 'AnnualRevenue').auc, 1, 'a perfect separator');
  });

  it('should measure categories out of fold, so that unique values do not fake separation', () => {
    const source = separationOf(analysis, 'LeadSource');
    assert.equal(source.method, 'cross_fitted_categories');
    assert.ok(source.auc! > 0.65, `LeadSource AUC ${source.auc}`);
    assert.ok(separationOf(analysis, 'Email').auc! < 0.56, 'one email per lead says nothing');
    assert.ok(separationOf(analysis, 'Id').auc! < 0.56, 'nor does the id');
  });

  it('should report how often a column is filled for each outcome', () => {
    const convertedDate = separationOf(analysis, 'ConvertedDate');
    assert.equal(convertedDate.filledAmongPositive, 1);
    assert.equal(convertedDate.filledAmongNegative, 0);
    assert.equal(separationOf(analysis, 'Score').filledAmongNegative, 1);
  });

  it('should reject a target column that is not there, suggesting close names', () => {
    expectInvalid(() => createTargetAnalyzer(profile, { column: 'IsConvertd' }), /target column "IsConvertd" is not in the data\. Did you mean "IsConverted"\?/);
    expectInvalid(() => createTargetAnalyzer(profile, { column: 'Stage' }), /The columns are "Id", "IsConverted", "Score"/);
  });

  it('should reject a target with one class', () => {
    const oneClass = profileRows(['Status'], singleColumn(['Open', 'Open', 'Open']));
    expectInvalid(() => createTargetAnalyzer(oneClass, { column: 'Status' }), /only one outcome \("Open" 3\); a model needs rows of both outcomes/);
    expectInvalid(() => createTargetAnalyzer(profile, { column: 'IsConverted', positive: ['true', 'false'] }), /no negative rows/);
  });

  it('should reject a target with three classes and no positive, saying what to pass', () => {
    const stages = profileRows(['StageName'], singleColumn(['Won', 'Lost', 'Open', 'Won']));
    expectInvalid(() => createTargetAnalyzer(stages, { column: 'StageName' }), /has 3 different values \("Won" 2, "Lost" 1, "Open" 1\).*Pass positive.*positive: "Won".*Pass negative too/);
  });

  it('should reject a positive value that does not occur, listing the values', () => {
    expectInvalid(() => createTargetAnalyzer(profile, { column: 'IsConverted', positive: 'yes' }), /positive value "yes" does not occur in the target column "IsConverted"; its values are "false"/);
  });

  it('should reject two values that do not read as an outcome, asking for positive', () => {
    const colours = profileRows(['Colour'], singleColumn(['red', 'blue', 'red']));
    expectInvalid(() => createTargetAnalyzer(colours, { column: 'Colour' }), /pass positive: "red" or positive: "blue"/);
  });

  it('should infer won/lost and closed won/closed lost and 1/0 targets', () => {
    for (const [values, positive] of [
      [['Lost', 'Won', 'Won'], 'Won'],
      [['Closed Lost', 'Closed Won'], 'Closed Won'],
      [['0', '1', '0'], '1'],
      [['no', 'Yes', 'yes', 'No'], 'Yes'],
    ] as const) {
      const target = profileRows(['Outcome'], singleColumn([...values]));
      const analyzer = createTargetAnalyzer(target, { column: 'Outcome' });
      analyzer.add(singleColumn([...values]));
      assert.deepEqual(analyzer.finish().target.positive, [positive]);
    }
  });

  it('should take every other value as negative given positive, and leave others out given negative too', () => {
    const stages = ['Won', 'Lost', 'Open', 'Won', null, 'Lost', 'Prospecting', 'won'];
    const stageRows = stages.map((stage, index) => [stage, String(index)]);
    const stageProfile = profileRows(['StageName', 'Amount'], stageRows);
    assert.deepEqual(analyzeRows(stageProfile, stageRows, { column: 'StageName', positive: 'Won' }).counts, { positive: 3, negative: 4, unlabeled: 1 });
    const closed = analyzeRows(stageProfile, stageRows, { column: 'StageName', positive: 'Won', negative: 'Lost' });
    assert.deepEqual(closed.counts, { positive: 3, negative: 2, unlabeled: 3 });
    assert.deepEqual(closed.target, { column: 'StageName', positive: ['Won'], negative: ['Lost'], inferred: false });
  });

  it('should leave AUC out when an outcome has too few rows with a value', () => {
    const few = Array.from({ length: 30 }, (_, index): Cell[] => [index < 5 ? 'yes' : 'no', String(index)]);
    const result = analyzeRows(profileRows(['y', 'x'], few), few, { column: 'y' });
    assert.equal(result.columns[0]!.auc, null);
  });
});
