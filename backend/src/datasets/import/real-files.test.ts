import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openTable } from './open-table.ts';

/**
 * The public data sets in the steering folder beside the repository (../shared/data). They are not
 * shipped with Scorebridge, so on a user's machine the folder is missing and these tests skip.
 */
const DATA_DIR = path.resolve(import.meta.dirname, '../../../../../shared/data');

describe('import of the real data sets', function () {
  this.timeout(60_000);

  async function countRows(file: string): Promise<{ columns: string[]; rows: number }> {
    const table = await openTable(file);
    let rows = 0;
    for await (const batch of table.batches) rows += batch.length;
    return { columns: table.columns, rows };
  }

  it('should read all 41,188 rows of the semicolon-separated bank marketing file', async function () {
    const file = path.join(DATA_DIR, 'bank-marketing', 'bank-additional-full.csv');
    // Only present next to a checkout that has the steering material; nothing to check without it.
    if (!existsSync(file)) this.skip();
    const { columns, rows } = await countRows(file);
    assert.equal(rows, 41_188);
    assert.equal(columns.length, 21);
    assert.deepEqual([columns[0], columns.at(-1)], ['age', 'y']);
  });

  it('should read all 8,800 rows of the Maven sales pipeline file', async function () {
    const file = path.join(DATA_DIR, 'crm-opportunities', 'sales_pipeline.csv');
    // Only present next to a checkout that has the steering material; nothing to check without it.
    if (!existsSync(file)) this.skip();
    const { columns, rows } = await countRows(file);
    assert.equal(rows, 8_800);
    assert.deepEqual(columns, ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value']);
  });
});
