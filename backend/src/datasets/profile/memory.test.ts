import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Cell, RowBatch } from '../table.ts';
import { createProfiler } from './profiler.ts';

/**
 * The profiler's memory must not grow with the row count. A million rows of twenty columns, half
 * of them with a new value in every row (ids, amounts, free text, emails), are profiled while the
 * memory retained after garbage collection is measured.
 */

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const ROWS = 1_000_000;
const BATCH = 5_000;
const COLUMNS = Array.from({ length: 20 }, (_, index) => `c${index}`);
const STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'unknown', ''];

function makeBatch(first: number): RowBatch {
  const batch: RowBatch = [];
  for (let index = first; index < first + BATCH; index++) {
    const row: Cell[] = [];
    for (let column = 0; column < COLUMNS.length; column++) {
      const mixed = (index * 2654435761 + column * 40503) >>> 0;
      switch (column % 5) {
        case 0:
          row.push(column === 0 ? String(index) : `lead${mixed}@example.com`);
          break;
        case 1:
          row.push(String((mixed % 1_000_000) / 100));
          break;
        case 2:
          row.push(STAGES[mixed % STAGES.length]!);
          break;
        case 3:
          row.push(`2024-${String(1 + (mixed % 12)).padStart(2, '0')}-${String(1 + (mixed % 28)).padStart(2, '0')}`);
          break;
        default:
          row.push(index % 10 === 0 ? null : `Called ${mixed} about renewal ${index}, follow up next week`);
      }
    }
    batch.push(row);
  }
  return batch;
}

function retainedBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

describe('profiler memory', () => {
  it('should profile 1,000,000 rows x 20 columns in bounded memory', function () {
    this.timeout(600_000);
    const baseline = retainedBytes();
    const profiler = createProfiler(COLUMNS);
    let peak = 0;
    let atQuarter = 0;
    for (let first = 0; first < ROWS; first += BATCH) {
      profiler.add(makeBatch(first));
      if ((first / BATCH) % 25 === 24) {
        const retained = retainedBytes() - baseline;
        peak = Math.max(peak, retained);
        if (first + BATCH === ROWS / 4) atQuarter = retained;
      }
    }
    const profile = profiler.finish();
    const atEnd = retainedBytes() - baseline;

    assert.equal(profile.rowCount, ROWS);
    assert.equal(profile.columns[0]!.type, 'identifier');
    assert.equal(profile.columns[5]!.type, 'identifier', 'emails');
    assert.equal(profile.columns[4]!.type, 'text');
    const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    assert.ok(peak < 250e6, `peak retained ${megabytes(peak)}`);
    // Only the duplicate-row check grows until its exact limit (about a million rows, 25 MB).
    assert.ok(atEnd - atQuarter < 50e6, `grew ${megabytes(atEnd - atQuarter)} from 250,000 to 1,000,000 rows`);
    assert.ok(process.memoryUsage().rss < 1e9, `resident ${megabytes(process.memoryUsage().rss)}`);
    assert.ok(JSON.stringify(profile).length < 200_000, 'the profile itself stays small');
  });
});
