import assert from 'node:assert/strict';
import type { Entry } from 'yauzl';
import { InvalidDataError } from '../../invalid-data-error.ts';
import { checkDeclaredSizes, createInflationBudget, resolveZipLimits } from './zip-limits.ts';

/** Only the fields the limits look at. */
function entry(fileName: string, compressedSize: number, uncompressedSize: number): Entry {
  return { fileName, compressedSize, uncompressedSize } as Entry;
}

describe('zip limits', () => {
  const limits = resolveZipLimits({ maxTotalBytes: 10_000_000, maxCompressionRatio: 100, ratioCheckMinBytes: 1_000_000 });

  it('should accept declared sizes within the limits, and high ratios in small parts', () => {
    checkDeclaredSizes([entry('xl/worksheets/sheet1.xml', 100_000, 2_000_000), entry('xl/styles.xml', 10, 900_000)], limits);
  });

  it('should reject a large part with a compression ratio above the limit', () => {
    assert.throws(() => checkDeclaredSizes([entry('xl/worksheets/sheet1.xml', 10_000, 2_000_000)], limits), (error: Error) => {
      assert.ok(error instanceof InvalidDataError);
      assert.match(error.message, /sheet1\.xml unpacks to 200 times its packed size \(at most 100 times is accepted\)/);
      return true;
    });
  });

  it('should reject declared sizes that add up to more than the total', () => {
    assert.throws(() => checkDeclaredSizes([entry('a', 900_000, 6_000_000), entry('b', 900_000, 6_000_000)], limits), /declares more than 9\.5 MB of content/);
  });

  it('should stop inflation at the first byte beyond a part\'s declared size', () => {
    const budget = createInflationBudget(limits);
    const part = entry('xl/worksheets/sheet1.xml', 100, 1_000);
    budget.add(part, 0, 600);
    assert.throws(() => budget.add(part, 600, 401), /unpacks to more than the 1000 bytes it declares/);
  });

  it('should stop inflation once all parts together pass the total, whatever they declare', () => {
    const budget = createInflationBudget(resolveZipLimits({ maxTotalBytes: 1_500 }));
    budget.add(entry('a', 100, 1_000), 0, 1_000);
    assert.throws(() => budget.add(entry('b', 100, 1_000), 0, 600), /unpacks to more than 1\.5 KB/);
  });
});
