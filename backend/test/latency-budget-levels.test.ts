import assert from 'node:assert/strict';
import { levelsFromEnv } from '../bench/latency-budget.bench.ts';

/** BENCH_BUDGET_LEVELS: the CPU levels the latency-budget benchmark runs, or a message that says what to fix. */
describe('latency-budget benchmark levels (BENCH_BUDGET_LEVELS)', () => {
  it('should run the default levels when the variable is unset or blank', () => {
    assert.deepEqual(levelsFromEnv(undefined), [0, 100, 200, 300, 400, 500]);
    assert.deepEqual(levelsFromEnv('  '), [0, 100, 200, 300, 400, 500]);
  });

  it('should take µs separated by commas, spaces allowed', () => {
    assert.deepEqual(levelsFromEnv('0, 250,75.5'), [0, 250, 75.5]);
  });

  it('should refuse a level listed twice, naming it', () => {
    assert.throws(() => levelsFromEnv('100,200,100.0'), /^Error: BENCH_BUDGET_LEVELS lists 100 µs more than once \("100,200,100\.0"\)/);
  });

  for (const raw of ['100,-5', '100,,200', '100,fast']) {
    it(`should refuse ${JSON.stringify(raw)} and name the bad part`, () => {
      assert.throws(() => levelsFromEnv(raw), (error: Error) => error.message.startsWith('BENCH_BUDGET_LEVELS must list µs of CPU a request') && error.message.includes(JSON.stringify(raw)));
    });
  }
});
