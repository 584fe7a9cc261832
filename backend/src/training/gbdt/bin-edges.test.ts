import assert from 'node:assert/strict';
import { LAST_EDGE, MISSING_BIN, numericBin, numericUpperEdges } from './bin-edges.ts';
import { SeededRandom } from './seeded-random.ts';

function sorted(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Every value lands in the first bin whose upper edge is at least the value. */
function assertConsistent(edges: Float64Array, values: Float64Array): void {
  for (const value of values) {
    const bin = numericBin(edges, value);
    assert.ok(value <= edges[bin - 1]!, `${value} is at most its bin's upper edge`);
    if (bin > 1) assert.ok(value > edges[bin - 2]!, `${value} is above the previous bin's edge`);
  }
}

describe('numeric bin edges', () => {
  it('should give each of few distinct values its own bin, cut halfway between neighbours', () => {
    const edges = numericUpperEdges(sorted([3, 1, 2, 2, 10, 1]), 255);
    assert.deepEqual([...edges], [1.5, 2.5, 6.5, LAST_EDGE]);
    assert.deepEqual([1, 2, 3, 10, 4, 100].map((value) => numericBin(edges, value)), [1, 2, 3, 4, 3, 4]);
  });

  it('should put missing values (NaN and ±Infinity) in bin 0', () => {
    const edges = numericUpperEdges(sorted([1, 2]), 255);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) assert.equal(numericBin(edges, value), MISSING_BIN);
    assert.equal(numericBin(edges, -Number.MAX_VALUE), 1);
    assert.equal(numericBin(edges, Number.MAX_VALUE), 2);
  });

  it('should make at most maxBins bins of about equal counts from many distinct values', () => {
    const random = new SeededRandom(1);
    const values = Float64Array.from({ length: 20_000 }, () => random.next() * 100).sort();
    const edges = numericUpperEdges(values, 32);
    assert.ok(edges.length <= 32 && edges.length >= 30, `${edges.length} bins`);
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const value of values) counts[numericBin(edges, value)]!++;
    for (const count of counts.slice(1)) assert.ok(count > 400 && count < 900, `bin of ${count} values`);
    assertConsistent(edges, values);
  });

  it('should give a value more frequent than a bin\'s share a bin to itself', () => {
    const random = new SeededRandom(2);
    const values = sorted(Array.from({ length: 10_000 }, (_, index) => (index < 3_000 ? 0 : random.next() * 10 - 5)));
    const edges = numericUpperEdges(values, 16);
    const zeroBin = numericBin(edges, 0);
    const others = [...values].filter((value) => value !== 0 && numericBin(edges, value) === zeroBin);
    assert.ok(others.length < 5, `the zeros' bin holds ${others.length} other values`);
    assertConsistent(edges, values);
  });

  it('should separate adjacent doubles and far-apart extremes without overflowing', () => {
    const tiny = sorted([1, 1 + Number.EPSILON, -Number.MAX_VALUE, Number.MAX_VALUE]);
    const edges = numericUpperEdges(tiny, 255);
    assert.ok(edges.every(Number.isFinite));
    assert.equal(new Set([...tiny].map((value) => numericBin(edges, value))).size, 4);
    assertConsistent(edges, tiny);
  });

  it('should give one bin to a feature with no present values', () => {
    assert.deepEqual([...numericUpperEdges(new Float64Array(0), 255)], [LAST_EDGE]);
  });
});
