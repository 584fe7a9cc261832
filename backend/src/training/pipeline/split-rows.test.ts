import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { splitRows } from './split-rows.ts';

const DAY = 86_400_000;

/** `rows` labels alternating in blocks so that every part can be stratified, and one date per row (row i on day i). */
function data(rows: number, positiveEvery: number): { labels: Float64Array; dates: Float64Array } {
  const labels = Float64Array.from({ length: rows }, (_, row) => (row % positiveEvery === 0 ? 1 : 0));
  const dates = Float64Array.from({ length: rows }, (_, row) => row * DAY);
  return { labels, dates };
}

describe('splitRows', () => {
  it('holds out the latest 20% by date, then a stratified 10% of the rest for validation', () => {
    const { labels, dates } = data(1000, 4);
    const split = splitRows(labels, { seed: 1, dates, dateColumn: 'CreatedDate' });
    assert.equal(split.summary.kind, 'time');
    assert.deepEqual([...split.holdout], Array.from({ length: 200 }, (_, index) => 800 + index));
    assert.equal(split.summary.holdoutFrom, new Date(800 * DAY).toISOString());
    assert.equal(split.validation.length, 80);
    assert.equal(split.summary.validation.positives, 20);
    assert.equal(split.fit.length + split.validation.length + split.holdout.length, 1000);
  });

  it('falls back to a stratified holdout when the latest rows have one outcome, and says why', () => {
    const { labels, dates } = data(1000, 4);
    for (let row = 800; row < 1000; row++) labels[row] = 0;
    const split = splitRows(labels, { seed: 1, dates, dateColumn: 'CreatedDate' });
    assert.equal(split.summary.kind, 'stratified');
    assert.match(split.summary.reason, /0 positive and 200 negative/);
    assert.equal(split.summary.holdout.positives, 40);
  });

  it('leaves unlabeled rows out of every part', () => {
    const { labels } = data(1000, 4);
    for (let row = 0; row < 100; row++) labels[row] = Number.NaN;
    const split = splitRows(labels, { seed: 2 });
    assert.equal(split.summary.unlabeled, 100);
    const used = new Set([...split.fit, ...split.validation, ...split.holdout]);
    assert.equal(used.size, 900);
    for (let row = 0; row < 100; row++) assert.ok(!used.has(row));
  });

  it('gives other rows for another seed and the same for the same seed', () => {
    const { labels } = data(1000, 4);
    assert.deepEqual(splitRows(labels, { seed: 3 }), splitRows(labels, { seed: 3 }));
    assert.notDeepEqual(splitRows(labels, { seed: 3 }).holdout, splitRows(labels, { seed: 4 }).holdout);
  });

  it('refuses one outcome and too few of an outcome with the counts', () => {
    assert.throws(() => splitRows(new Float64Array(100).fill(1), { seed: 1 }), (error: unknown) => error instanceof InvalidDataError && /only positive outcomes \(100 positive, 0 negative/.test(error.message));
    const { labels } = data(1000, 25);
    assert.throws(() => splitRows(labels, { seed: 1 }), (error: unknown) => error instanceof InvalidDataError && /40 positive and 960 negative/.test(error.message));
  });
});
