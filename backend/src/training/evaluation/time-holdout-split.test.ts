import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { SeededRandom } from '../../synthetic/index.ts';
import { timeHoldoutSplit } from './time-holdout-split.ts';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

describe('timeHoldoutSplit', () => {
  it('should hold out the most recent 20% of rows, whatever their order', () => {
    const random = new SeededRandom(5);
    const dates = Float64Array.from({ length: 1000 }, () => START + Math.floor(random.next() * 365 * DAY));
    const split = timeHoldoutSplit(dates);
    assert.equal(split.holdout.length, 200);
    assert.equal(split.train.length, 800);
    const latestTrain = Math.max(...[...split.train].map((row) => dates[row]!));
    const earliestHoldout = Math.min(...[...split.holdout].map((row) => dates[row]!));
    assert.ok(latestTrain < earliestHoldout, 'every holdout row is later than every training row');
    assert.equal(split.cutoffMs, earliestHoldout);
  });

  it('should put rows without a date in training and take the share of the dated rows', () => {
    const dates = Float64Array.from({ length: 20 }, (_, row) => (row % 4 === 0 ? Number.NaN : START + row * DAY));
    const split = timeHoldoutSplit(dates, { holdoutShare: 0.2 });
    assert.equal(split.missingDateCount, 5);
    assert.deepEqual([...split.holdout], [17, 18, 19], '20% of the 15 dated rows: the three latest');
    for (const row of [0, 4, 8, 12, 16]) assert.ok(split.train.includes(row));
  });

  it('should never split rows of the same date, choosing the side nearer the asked share', () => {
    // Ten rows: days 1..6, then four rows on day 7. 20% asks for 2; the run of 4 cannot be cut,
    // and 0 rows is not a holdout, so all four go.
    const days = [1, 2, 3, 4, 5, 6, 7, 7, 7, 7];
    const split = timeHoldoutSplit(Float64Array.from(days, (day) => START + day * DAY));
    assert.deepEqual([...split.holdout], [6, 7, 8, 9]);
    // Twenty rows: days 1..14, three on day 15, three on day 16. 20% asks for 4: the day-16 run
    // alone gives 3 (off by 1), with the day-15 run 6 (off by 2), so only day 16 is held out.
    const more = [...Array.from({ length: 14 }, (_, index) => index + 1), 15, 15, 15, 16, 16, 16];
    const other = timeHoldoutSplit(Float64Array.from(more, (day) => START + day * DAY));
    assert.deepEqual([...other.holdout], [17, 18, 19]);
    assert.equal(other.cutoffMs, START + 16 * DAY);
  });

  it('should leave unlabeled rows out of both sides and count the holdout outcomes', () => {
    const dates = Float64Array.from({ length: 10 }, (_, row) => START + row * DAY);
    const labels = Float64Array.from([0, 1, 0, 1, 0, 1, 0, 1, Number.NaN, 1]);
    const split = timeHoldoutSplit(dates, { labels });
    assert.equal(split.unlabeledCount, 1);
    assert.deepEqual([...split.holdout], [7, 9]);
    assert.deepEqual([split.holdoutPositives, split.holdoutNegatives], [2, 0]);
    assert.equal(split.train.length, 7);
  });

  it('should refuse a split that time cannot make and bad options', () => {
    assert.throws(() => timeHoldoutSplit(Float64Array.from([START, START, START])), { name: 'InvalidDataError', message: /same date/ });
    assert.throws(() => timeHoldoutSplit(Float64Array.from([Number.NaN, Number.NaN, START])), { name: 'InvalidDataError', message: /k-fold/ });
    assert.throws(() => timeHoldoutSplit(new Float64Array(0)), InvalidDataError);
    assert.throws(() => timeHoldoutSplit(Float64Array.from([START, START + DAY]), { holdoutShare: 1 }), ValidationError);
    assert.throws(() => timeHoldoutSplit(Float64Array.from([START, START + DAY]), { labels: Float64Array.from([1]) }), ValidationError);
  });
});
