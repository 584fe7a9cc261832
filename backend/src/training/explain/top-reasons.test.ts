import assert from 'node:assert/strict';
import { topReasons } from './top-reasons.ts';

const features = ['age', 'segment', 'income', 'score', 'region'].map((name) => ({ name }));

describe('topReasons', () => {
  it('should return the k largest positive and k most negative contributions by name', () => {
    const { positive, negative } = topReasons(Float64Array.of(0.5, -1.2, 0.9, -0.1, 0.2), features, 2);
    assert.deepEqual(positive, [
      { feature: 2, name: 'income', contribution: 0.9 },
      { feature: 0, name: 'age', contribution: 0.5 },
    ]);
    assert.deepEqual(negative, [
      { feature: 1, name: 'segment', contribution: -1.2 },
      { feature: 3, name: 'score', contribution: -0.1 },
    ]);
  });

  it('should leave out zero contributions, return fewer when there are fewer, and keep ties in feature order', () => {
    const { positive, negative } = topReasons([0.3, 0, 0.3, 0, Number.NaN], features, 3);
    assert.deepEqual(
      positive.map((reason) => reason.name),
      ['age', 'income'],
    );
    assert.deepEqual(negative, []);
    assert.deepEqual(topReasons([1, -1, 0, 0, 0], features, 0), { positive: [], negative: [] });
  });

  it('should refuse a bad k or contributions that do not match the features', () => {
    assert.throws(() => topReasons([1, 2, 3, 4, 5], features, -1), RangeError);
    assert.throws(() => topReasons([1, 2, 3, 4, 5], features, 1.5), RangeError);
    assert.throws(() => topReasons([1, 2], features, 1), RangeError);
  });
});
