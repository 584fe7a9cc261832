import assert from 'node:assert/strict';
import { inspectUploadedModel, type InspectedUploadedModel } from './inspect-uploaded-model.ts';
import { createUploadedModelScorer, type UploadedRecordScore } from './uploaded-model-scorer.ts';
import { linearProbabilities, oneRowOnlyClassifier, PER_COLUMN, perColumnClassifier, PLAN_CODES, zipMapClassifier } from './test-support/test-models.ts';

const TOLERANCE = 1e-6;

async function scoreWith(upload: InspectedUploadedModel, records: Record<string, unknown>[], maxBatchRows?: number): Promise<UploadedRecordScore[]> {
  const scorer = await createUploadedModelScorer(upload.inspection, upload.servingBytes, { maxBatchRows });
  try {
    return await scorer(records);
  } finally {
    await scorer.release();
  }
}

function assertProbability(score: UploadedRecordScore, expected: number): void {
  assert.equal(score.problem, undefined);
  assert.ok(score.probability !== null && Math.abs(score.probability - expected) <= TOLERANCE, `${score.probability} vs ${expected}`);
}

describe('createUploadedModelScorer', () => {
  let linear: InspectedUploadedModel;
  let perColumn: InspectedUploadedModel;

  before(async () => {
    linear = await inspectUploadedModel(zipMapClassifier(), { mapping: { kind: 'tensor', fields: ['a', 'b'] } });
    perColumn = await inspectUploadedModel(perColumnClassifier(), { mapping: { kind: 'named', inputs: { plan: 'Plan', seats: 'Seats', spend: 'Spend' } }, positive: 'upgrade' });
  });

  it('gives each record the positive class probability, reading numbers from numeric text and true/false', async () => {
    const scores = await scoreWith(linear, [
      { a: 1, b: 2 },
      { a: ' -0.5 ', b: '1,000' },
      { a: true, b: false, other: 'ignored' },
    ]);
    assertProbability(scores[0]!, linearProbabilities([1, 2])[1]!);
    assertProbability(scores[1]!, linearProbabilities([-0.5, 1000])[1]!);
    assertProbability(scores[2]!, linearProbabilities([1, 0])[1]!);
  });

  it('gives a record with a missing or unreadable number null and the reason, and scores the rest', async () => {
    const scores = await scoreWith(linear, [{ a: 1 }, { a: 'n/a', b: [1] }, { a: 0.5, b: '' }, { a: Number.NaN, b: 1 }, { a: 1e39, b: 1 }, { a: 2, b: 3 }]);
    assert.deepEqual(scores.slice(0, 5), [
      { probability: null, problem: 'b is missing' },
      { probability: null, problem: 'a: "n/a" is not a number; b: a list is not a number' },
      { probability: null, problem: 'b is missing' },
      { probability: null, problem: 'a: NaN is not a finite number' },
      { probability: null, problem: "a: 1e+39 is too large for the model's float input" },
    ]);
    assertProbability(scores[5]!, linearProbabilities([2, 3])[1]!);
  });

  it('scores the same in one batch, in small batches and one record at a time', async () => {
    const records = Array.from({ length: 25 }, (_, index) => ({ a: index / 5 - 2, b: (index % 7) - 3 }));
    const batched = await scoreWith(linear, records);
    assert.deepEqual(await scoreWith(linear, records, 4), batched);
    const scorer = await createUploadedModelScorer(linear.inspection, linear.servingBytes);
    const singly = await Promise.all(records.map(async (record) => (await scorer([record]))[0]!));
    await scorer.release();
    assert.deepEqual(singly, batched);
    records.forEach((record, index) => assertProbability(batched[index]!, linearProbabilities([record.a, record.b])[1]!));
  });

  it('fills string, int64 and float inputs per field, strings from numbers too', async () => {
    const expected = (plan: string, seats: number, spend: number) => linearProbabilities([PLAN_CODES[plan] ?? -1, seats, spend], PER_COLUMN.coefficients, PER_COLUMN.intercepts)[2]!;
    const scores = await scoreWith(perColumn, [
      { Plan: 'pro', Seats: 12, Spend: 250 },
      { Plan: 'basic', Seats: '3', Spend: '12.5' },
      { Plan: 'unknown plan', Seats: 1, Spend: 0 },
      { Plan: null, Seats: 40, Spend: 1 },
      { Plan: 2, Seats: 2, Spend: 2 },
    ]);
    assertProbability(scores[0]!, expected('pro', 12, 250));
    assertProbability(scores[1]!, expected('basic', 3, 12.5));
    assertProbability(scores[2]!, expected('unknown plan', 1, 0));
    assertProbability(scores[3]!, expected('', 40, 1));
    assertProbability(scores[4]!, expected('2', 2, 2));
  });

  it('refuses a fractional or unsafe integer for an int64 input, and an object for a string input', async () => {
    const scores = await scoreWith(perColumn, [
      { Plan: 'pro', Seats: 2.5, Spend: 1 },
      { Plan: 'pro', Seats: 2 ** 60, Spend: 1 },
      { Plan: { name: 'pro' }, Seats: 1, Spend: 1 },
    ]);
    assert.deepEqual(
      scores.map((score) => score.problem),
      ["Seats: 2.5 is not a whole number, which the model's int64 input needs", "Seats: 1152921504606847000 is too large to pass exactly to the model's int64 input", 'Plan: an object is not text'],
    );
  });

  it('feeds a one-row model one record at a time', async () => {
    const oneRow = await inspectUploadedModel(oneRowOnlyClassifier(), { mapping: { kind: 'tensor', fields: ['a', 'b'] } });
    const records = [
      { a: 1, b: 2 },
      { a: 3, b: -1 },
      { a: 0, b: 0 },
    ];
    const scores = await scoreWith(oneRow, records);
    records.forEach((record, index) => assertProbability(scores[index]!, linearProbabilities([record.a, record.b])[1]!));
  });

  it('retries a batch the runtime refuses one record at a time', async () => {
    const oneRow = await inspectUploadedModel(oneRowOnlyClassifier(), { mapping: { kind: 'tensor', fields: ['a', 'b'] } });
    // As if the model had been taken for one that runs batches: the batch of 2 fails in the Reshape.
    const scores = await scoreWith({ ...oneRow, inspection: { ...oneRow.inspection, batching: 'any' } }, [
      { a: 1, b: 2 },
      { a: 3, b: -1 },
    ]);
    assertProbability(scores[0]!, linearProbabilities([1, 2])[1]!);
    assertProbability(scores[1]!, linearProbabilities([3, -1])[1]!);
  });

  it('returns an empty list for no records', async () => {
    assert.deepEqual(await scoreWith(linear, []), []);
  });
});
