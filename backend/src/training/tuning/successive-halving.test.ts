import assert from 'node:assert/strict';
import { SeededRandom } from '../gbdt/seeded-random.ts';
import { SEARCH_SPACE, sampleCandidate } from './search-space.ts';
import { bracketSize, bracketTrials, keptCount } from './successive-halving.ts';

describe('successive halving plan', function () {
  it('should keep a third of a rung, at least one', () => {
    assert.deepEqual([1, 2, 3, 8, 9, 27].map(keptCount), [1, 1, 1, 2, 3, 9]);
  });

  it('should size a bracket to the largest that fits the trials left', () => {
    assert.equal(bracketTrials(9), 13);
    assert.equal(bracketTrials(27), 39);
    assert.equal(bracketSize(13, 27), 9);
    assert.equal(bracketSize(14, 27), 10);
    assert.equal(bracketSize(2, 27), 1);
    assert.equal(bracketSize(1_000, 27), 27);
    assert.equal(bracketSize(null, 27), 27);
  });
});

describe('tuning search space', function () {
  it('should draw every parameter within its documented range, integers where the trainer wants them', () => {
    const random = new SeededRandom(1);
    for (let draw = 0; draw < 2_000; draw++) {
      const candidate = sampleCandidate(random);
      for (const [name, range] of Object.entries(SEARCH_SPACE)) {
        const value = candidate[name as keyof typeof candidate];
        assert.ok(value >= range.min && value <= range.max, `${name} = ${value}`);
      }
      assert.ok(Number.isInteger(candidate.maxLeaves) && Number.isInteger(candidate.minSamplesLeaf));
    }
  });

  it('should draw scale parameters log-uniformly: about as many learning rates below the geometric mean as above', () => {
    const random = new SeededRandom(2);
    const middle = Math.sqrt(SEARCH_SPACE.learningRate.min * SEARCH_SPACE.learningRate.max);
    let below = 0;
    for (let draw = 0; draw < 4_000; draw++) if (sampleCandidate(random).learningRate < middle) below += 1;
    assert.ok(Math.abs(below / 4_000 - 0.5) < 0.03, `${below}`);
  });
});
