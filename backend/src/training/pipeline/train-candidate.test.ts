import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import type { RowBatch } from '../../datasets/table.ts';
import { resolveTargetLabels } from '../../datasets/profile/target-labels.ts';
import { profileTable } from '../../datasets/profile/index.ts';
import { compileFeatureSpec } from '../../features/index.ts';
import { TRUE_PROBABILITY_FIELD } from '../../synthetic/index.ts';
import { applyCalibratorToAll } from '../calibration/index.ts';
import { gather, rocAuc } from '../evaluation/index.ts';
import { predictRaw } from '../gbdt/index.ts';
import { compileLogisticModel } from '../linear/index.ts';
import { createRawFieldFeedBuilder } from '../onnx/index.ts';
import { largestDifference, runOnnxFeeds } from '../onnx/test-support/run-onnx.ts';
import { matrixRows, readRowOutcomes, splitRows, trainCandidate, type TrainedCandidate, type TrainingProgress } from './index.ts';
import { memoryTable, signalRows } from './test-support/memory-table.ts';
import { LEAD_TARGET, syntheticLeads, type SyntheticLeads } from './test-support/synthetic-leads.ts';

const LEADS = 20_000;
const DATA_SEED = 11;
const TRAIN_SEED = 5;
/** The bar: the trainer recovers the planted signal close to what the true probabilities reach on the same rows. */
const AUC_MARGIN = 0.03;
const ONNX_TOLERANCE = 1e-5;
/**
 * Stand-in for the tuning step that is still to come (issue 4): smaller, slower, more regularized
 * trees than the HistGradientBoosting defaults. With the defaults the noise columns (FirstName,
 * LastName: 50 categories each) rank among the top features and the gap to the true AUC is
 * 0.029-0.034 on these data sets; with these parameters it is 0.017-0.026.
 */
const TUNED_GBDT = { learningRate: 0.05, rounds: 400, minSamplesLeaf: 100, maxLeaves: 15, catL2: 50 };

/** The column of the true probabilities, per row of the table, to judge the holdout against. */
async function trueProbabilities(leads: SyntheticLeads): Promise<Float64Array> {
  const table = leads.read();
  const index = table.columns.indexOf(TRUE_PROBABILITY_FIELD);
  const values: number[] = [];
  for await (const batch of table.batches) for (const row of batch) values.push(Number(row[index]));
  return Float64Array.from(values);
}

/** The chosen model's ONNX file on the holdout's raw fields, and the TypeScript model on their transformed matrix, both from the candidate's JSON. */
async function assertOnnxParity(candidate: TrainedCandidate, leads: SyntheticLeads, holdoutRows: Int32Array): Promise<void> {
  const chosen = candidate.models[candidate.chosen];
  const transformer = compileFeatureSpec(chosen.featureSpec);
  const holdout = matrixRows(await transformer.transformTable(leads.read()), holdoutRows);
  const raw = candidate.chosen === 'gbdt' ? predictRaw(candidate.models.gbdt.model, holdout) : compileLogisticModel(candidate.models.logistic.model, holdout.features).predictRaw(holdout);
  const expected = applyCalibratorToAll(chosen.calibrator, raw);
  const table = leads.read();
  const rows: RowBatch = [];
  for await (const batch of table.batches) rows.push(...batch);
  const holdoutCells = Array.from(holdoutRows, (row) => rows[row]!);
  const actual = await runOnnxFeeds(candidate.onnx, createRawFieldFeedBuilder(chosen.featureSpec).fromBatch(holdoutCells, table.columns).feeds);
  assert.equal(actual.probability.length, holdoutRows.length);
  const worst = largestDifference(actual.probability, expected);
  assert.ok(worst.difference <= ONNX_TOLERANCE, `probability differs by ${worst.difference} on holdout row ${worst.row}`);
}

describe('trainCandidate on 20,000 generated leads, stratified holdout', function () {
  this.timeout(120_000);
  let leads: SyntheticLeads;
  let candidate: TrainedCandidate;
  const progress: TrainingProgress[] = [];
  let holdoutRows: Int32Array;
  let holdoutLabels: Float64Array;

  before(async () => {
    leads = await syntheticLeads(LEADS, DATA_SEED);
    const input = { read: leads.read, profile: leads.profile, target: { column: LEAD_TARGET }, exclude: leads.exclude };
    candidate = await trainCandidate(input, { seed: TRAIN_SEED, gbdtParams: TUNED_GBDT, onProgress: (report) => progress.push(report) });
    // The same split again, from the exported helpers: the pipeline is deterministic by seed.
    const outcomes = await readRowOutcomes(leads.read(), resolveTargetLabels(leads.profile, { column: LEAD_TARGET }), null);
    const split = splitRows(outcomes.labels, { seed: TRAIN_SEED });
    assert.deepEqual(split.summary, candidate.split);
    holdoutRows = split.holdout;
    holdoutLabels = gather(outcomes.labels, holdoutRows);
  });

  it('splits into fit, validation and a 20% holdout with both outcomes in each', () => {
    const { fit, validation, holdout } = candidate.split;
    assert.equal(fit.rows + validation.rows + holdout.rows + candidate.split.unlabeled, LEADS);
    assert.equal(candidate.split.kind, 'stratified');
    assert.ok(Math.abs(holdout.rows / LEADS - 0.2) < 0.01, `holdout ${holdout.rows} rows`);
    assert.ok(Math.abs(validation.rows / (fit.rows + validation.rows) - 0.1) < 0.01, `validation ${validation.rows} rows`);
    for (const part of [fit, validation, holdout]) assert.ok(part.positives > 0 && part.negatives > 0);
  });

  it('never reads the outcome-revealing fields, the target or the identifiers', () => {
    for (const model of [candidate.models.gbdt, candidate.models.logistic]) {
      const read = new Set(model.featureSpec.inputs.map((input) => input.column));
      for (const column of [...leads.exclude, LEAD_TARGET, 'Id']) assert.ok(!read.has(column), `${column} is read`);
    }
  });

  it(`reaches a holdout AUC within ${AUC_MARGIN} of the true probabilities' AUC on the same rows`, async () => {
    const truth = rocAuc(gather(await trueProbabilities(leads), holdoutRows), holdoutLabels);
    const chosen = candidate.models[candidate.chosen].evaluation;
    assert.ok(Math.abs(chosen.rocAuc - truth) <= AUC_MARGIN, `chosen ${candidate.chosen} AUC ${chosen.rocAuc} vs true ${truth} (gbdt ${candidate.models.gbdt.evaluation.rocAuc}, logistic ${candidate.models.logistic.evaluation.rocAuc})`);
  });

  it('chooses the model with the lower holdout log loss', () => {
    const { gbdtLogLoss, logisticLogLoss } = candidate.choice;
    assert.equal(candidate.chosen, gbdtLogLoss < logisticLogLoss ? 'gbdt' : 'logistic');
    assert.equal(candidate.models.gbdt.evaluation.logLoss, gbdtLogLoss);
  });

  it('calibrates on the validation rows, not the holdout', () => {
    for (const model of [candidate.models.gbdt, candidate.models.logistic]) {
      assert.equal(model.calibration.rowCount, candidate.split.validation.rows);
      assert.equal(model.evaluation.rowCount, candidate.split.holdout.rows);
    }
  });

  it('ranks feature importance by gain and reports progress and durations for every stage', () => {
    assert.ok(candidate.importance.length > 0);
    for (let index = 1; index < candidate.importance.length; index++) assert.ok(candidate.importance[index - 1]!.gain >= candidate.importance[index]!.gain);
    // Tuning runs only when asked for; this candidate was trained without it.
    assert.equal(candidate.tuningTrials, null);
    const stages = Object.keys(candidate.durationsMs).filter((stage) => stage !== 'tuning');
    for (const stage of stages) assert.ok(progress.some((report) => report.stage === stage && report.fraction === 1), `no end of ${stage}`);
    assert.ok(progress.every((report) => report.fraction >= 0 && report.fraction <= 1));
  });

  it('warns of the constant quirk column only (the split and the features read the target alike)', () => {
    assert.deepEqual(candidate.warnings, ['Column "CurrencyIsoCode" has the same value in every row and was left out']);
  });

  it('is JSON apart from the ONNX bytes', () => {
    const { onnx, ...rest } = candidate;
    assert.ok(onnx instanceof Uint8Array && onnx.length > 0);
    assert.deepEqual(JSON.parse(JSON.stringify(rest)), rest);
  });

  it(`scores the holdout in onnxruntime-node as the TypeScript model does, within ${ONNX_TOLERANCE}`, async () => {
    assert.equal(candidate.chosen, 'gbdt');
    await assertOnnxParity(candidate, leads, holdoutRows);
  });
});

describe('trainCandidate on 20,000 generated leads, time-based holdout', function () {
  this.timeout(120_000);

  it('holds out the latest 20% by the date column, and every holdout row is at least as recent as every training row', async () => {
    const leads = await syntheticLeads(LEADS, DATA_SEED);
    const input = { read: leads.read, profile: leads.profile, target: { column: LEAD_TARGET }, exclude: leads.exclude, dateColumn: 'CreatedDate' };
    const candidate = await trainCandidate(input, { seed: TRAIN_SEED, gbdtParams: TUNED_GBDT });
    assert.equal(candidate.split.kind, 'time');
    assert.equal(candidate.split.dateColumn, 'CreatedDate');
    const outcomes = await readRowOutcomes(leads.read(), resolveTargetLabels(leads.profile, { column: LEAD_TARGET }), { column: 'CreatedDate', dayFirst: false });
    const split = splitRows(outcomes.labels, { seed: TRAIN_SEED, dates: outcomes.dates, dateColumn: 'CreatedDate' });
    assert.deepEqual(split.summary, candidate.split);
    const cutoff = Date.parse(candidate.split.holdoutFrom!);
    for (const row of split.holdout) assert.ok(outcomes.dates![row]! >= cutoff);
    for (const row of [...split.fit, ...split.validation]) assert.ok(!(outcomes.dates![row]! >= cutoff));
    assert.ok(Math.abs(candidate.split.holdout.rows / LEADS - 0.2) < 0.01);
    // Here the logistic regression wins on log loss, so this covers the other export.
    assert.equal(candidate.chosen, 'logistic');
    await assertOnnxParity(candidate, leads, split.holdout);
  });
});

describe('trainCandidate on small data', function () {
  this.timeout(60_000);

  it('gives the same candidate, byte for byte, for the same seed', async () => {
    const leads = await syntheticLeads(3000, 3);
    const input = { read: leads.read, profile: leads.profile, target: { column: LEAD_TARGET }, exclude: leads.exclude };
    const first = await trainCandidate(input, { seed: 9 });
    const second = await trainCandidate(input, { seed: 9 });
    const { onnx: firstOnnx, durationsMs: _firstDurations, ...firstRest } = first;
    const { onnx: secondOnnx, durationsMs: _secondDurations, ...secondRest } = second;
    assert.equal(JSON.stringify(firstRest), JSON.stringify(secondRest));
    assert.deepEqual(firstOnnx, secondOnnx);
    assert.equal(first.split.kind, 'stratified');
  });

  it('tunes the trees when asked, records every trial, and trains the final model with the best parameters', async () => {
    const leads = await syntheticLeads(3000, 4);
    const input = { read: leads.read, profile: leads.profile, target: { column: LEAD_TARGET }, exclude: leads.exclude };
    const progress: TrainingProgress[] = [];
    const candidate = await trainCandidate(input, { seed: 2, tuning: { trials: 4 }, onProgress: (report) => progress.push(report) });
    assert.equal(candidate.tuningTrials?.length, 4);
    const best = candidate.tuningTrials!.reduce((a, b) => (b.validationLogLoss < a.validationLogLoss ? b : a));
    assert.equal(candidate.models.gbdt.training.params.learningRate, best.params.learningRate);
    assert.equal(candidate.models.gbdt.training.params.maxLeaves, best.params.maxLeaves);
    assert.ok(progress.some((report) => report.stage === 'tuning' && report.fraction === 1));
  });

  it('trains with an all-missing column left out, with a warning', async () => {
    const data = signalRows(600, 150);
    const read = memoryTable(data.columns, data.rows);
    const candidate = await trainCandidate({ read, profile: await profileTable(read()), target: { column: 'y', positive: 'yes' } }, { seed: 1 });
    assert.ok(candidate.warnings.some((warning) => warning.includes('"blank"')), candidate.warnings.join('; '));
    assert.ok(candidate.excluded.some((exclusion) => exclusion.column === 'blank' && exclusion.reason === 'allMissing'));
    assert.ok(candidate.models[candidate.chosen].evaluation.rocAuc > 0.7);
  });

  for (const target of [{ column: 'y' }, { column: 'y', positive: 'yes' }]) {
    it(`refuses a target with one class (${JSON.stringify(target)}), saying what to change`, async () => {
      const data = signalRows(600, 600);
      const read = memoryTable(data.columns, data.rows);
      const profile = await profileTable(read());
      await assert.rejects(trainCandidate({ read, profile, target }), (error: unknown) => {
        assert.ok(error instanceof InvalidDataError);
        assert.match(error.message, /only one outcome|no negative rows|only positive/);
        assert.match(error.message, /both|other outcome/);
        return true;
      });
    });
  }

  it('refuses too few rows of an outcome, naming the counts', async () => {
    const data = signalRows(600, 30);
    const read = memoryTable(data.columns, data.rows);
    await assert.rejects(trainCandidate({ read, profile: await profileTable(read()), target: { column: 'y', positive: 'yes' } }), (error: unknown) => {
      assert.ok(error instanceof InvalidDataError);
      assert.match(error.message, /Too few rows to train on: 30 positive and 570 negative/);
      assert.match(error.message, /at least 40 of each/);
      return true;
    });
  });

  it('stops with the reason of an aborted signal', async () => {
    const data = signalRows(600, 150);
    const read = memoryTable(data.columns, data.rows);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    await assert.rejects(trainCandidate({ read, profile: await profileTable(read()), target: { column: 'y', positive: 'yes' } }, { signal: controller.signal }), /cancelled by the user/);
  });

  it('refuses data that changed since it was profiled', async () => {
    const data = signalRows(600, 150);
    const profile = await profileTable(memoryTable(data.columns, data.rows)());
    const read = memoryTable(data.columns, data.rows.slice(0, 500));
    await assert.rejects(trainCandidate({ read, profile, target: { column: 'y', positive: 'yes' } }), (error: unknown) => error instanceof InvalidDataError && /500 rows but its profile 600/.test(error.message));
  });

  it('refuses a date column that holds no dates', async () => {
    const data = signalRows(600, 150);
    const read = memoryTable(data.columns, data.rows);
    await assert.rejects(trainCandidate({ read, profile: await profileTable(read()), target: { column: 'y', positive: 'yes' }, dateColumn: 'x' }), InvalidDataError);
  });
});
