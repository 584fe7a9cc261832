import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { generateRecordBatches } from './generate-records.ts';
import { syntheticTableStream } from './synthetic-table-stream.ts';

/**
 * A million rows held in memory would take several hundred megabytes; streamed, the generator
 * keeps only the current batch and its small duplicate window. The heap is measured after a full
 * collection so that garbage waiting to be collected does not count; timing is not asserted
 * because test machines vary too much.
 */
const MILLION = 1_000_000;
const ALLOWED_GROWTH_BYTES = 48 * 1024 * 1024;

function fullCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

describe('synthetic data at a million rows', function () {
  this.timeout(300_000);
  let collectGarbage: () => void;

  function retainedHeap(): number {
    collectGarbage();
    return process.memoryUsage().heapUsed;
  }

  // Caches of formatted dates fill on first use; a short run first keeps them out of the growth.
  before(() => {
    collectGarbage = fullCollector();
    for (const object of ['Lead', 'Opportunity'] as const) {
      for (const batch of generateRecordBatches({ object, rows: 20_000 })) assert.ok(batch.length > 0);
    }
  });

  it('should stream a million leads as a table within bounded memory', async () => {
    const baseline = retainedHeap();
    let rows = 0;
    let batches = 0;
    let largestGrowth = 0;
    for await (const batch of syntheticTableStream({ object: 'Lead', rows: MILLION, seed: 99 }).batches) {
      rows += batch.length;
      if (++batches % 25 === 0) largestGrowth = Math.max(largestGrowth, retainedHeap() - baseline);
    }
    assert.equal(rows, MILLION);
    assert.ok(largestGrowth < ALLOWED_GROWTH_BYTES, `heap grew by ${(largestGrowth / 1048576).toFixed(1)} MB`);
  });

  it('should generate a million opportunity records within bounded memory', () => {
    const baseline = retainedHeap();
    let rows = 0;
    let batches = 0;
    let largestGrowth = 0;
    for (const batch of generateRecordBatches({ object: 'Opportunity', rows: MILLION, seed: 99 })) {
      rows += batch.length;
      if (++batches % 25 === 0) largestGrowth = Math.max(largestGrowth, retainedHeap() - baseline);
    }
    assert.equal(rows, MILLION);
    assert.ok(largestGrowth < ALLOWED_GROWTH_BYTES, `heap grew by ${(largestGrowth / 1048576).toFixed(1)} MB`);
  });
});
