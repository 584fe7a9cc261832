import assert from 'node:assert/strict';
import { buildScoreTable, equalFrequencyGroups } from './score-table.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('buildScoreTable and equalFrequencyGroups', () => {
  it('should count each outcome per distinct score, lowest first', () => {
    const table = buildScoreTable(f64([0.5, 0.2, 0.5, 0.9, 0.2]), f64([1, 0, 0, 1, 0]));
    assert.deepEqual([...table.scores], [0.2, 0.5, 0.9]);
    assert.deepEqual([...table.positives], [0, 1, 1]);
    assert.deepEqual([...table.negatives], [2, 1, 0]);
    assert.deepEqual([table.positiveTotal, table.negativeTotal], [2, 3]);
  });

  it('should cut groups of about equal size from either end, never splitting a tie', () => {
    const table = buildScoreTable(f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), f64([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]));
    assert.deepEqual(equalFrequencyGroups(table, 5, 'ascending'), [0, 2, 4, 6, 8].map((from) => ({ from, to: from + 2 })));
    assert.deepEqual(equalFrequencyGroups(table, 5, 'descending'), [8, 6, 4, 2, 0].map((from) => ({ from, to: from + 2 })));
    const tied = buildScoreTable(f64([1, 1, 1, 1, 1, 1, 2, 3]), f64([0, 1, 0, 1, 0, 1, 0, 1]));
    // Six tied rows fill the first three quarters at once; the last two rows make the fourth.
    assert.deepEqual(equalFrequencyGroups(tied, 4, 'ascending'), [{ from: 0, to: 1 }, { from: 1, to: 3 }]);
    assert.deepEqual(equalFrequencyGroups(buildScoreTable(f64([0.3, 0.6, 0.9]), f64([0, 1, 1])), 10, 'ascending').length, 3, 'fewer rows than groups');
  });
});
