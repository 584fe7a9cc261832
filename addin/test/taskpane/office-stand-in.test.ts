import assert from 'node:assert/strict';
import { readSelectedTable, readTableRows } from '../../src/taskpane/excel-gateway.ts';
import { scoreTable } from '../../src/taskpane/scoring/score-table-run.ts';
import { createExcelRun, emptySyncStats, type SyncStats } from '../support/office-stand-in/excel-proxies.ts';
import { StandInWorkbook } from '../support/office-stand-in/workbook.ts';

/**
 * The stand-in Office host the browser tests run the pane in must behave as Excel documents it;
 * these checks hold it to that, and run the gateway on it without a browser.
 */
describe('the stand-in Office host (Excel object model)', () => {
  let book: StandInWorkbook;
  let stats: SyncStats;
  let run: ReturnType<typeof createExcelRun>;

  beforeEach(() => {
    book = new StandInWorkbook();
    stats = emptySyncStats();
    run = createExcelRun(book, stats, { syncLatencyMs: 0 });
    (globalThis as { Excel?: unknown }).Excel = { run };
    book.addTable({ name: 'Wide', header: Array.from({ length: 30 }, (_, index) => `c${index}`), rows: Array.from({ length: 20_000 }, (_, row) => Array.from({ length: 30 }, () => `value ${row}`)) });
    book.selectedTable = 'Wide';
  });
  afterEach(() => {
    delete (globalThis as { Excel?: unknown }).Excel;
  });

  it('should refuse to read a property that was not loaded and synced', async () => {
    await assert.rejects(
      run(async (context) => {
        const range = context.workbook.tables.getItem('Wide').getHeaderRowRange();
        range.load('values');
        return range.values;
      }),
      (error: { code?: string }) => error.code === 'PropertyNotLoaded',
    );
    const header = await run(async (context) => {
      const range = context.workbook.tables.getItem('Wide').getHeaderRowRange().load('values');
      await context.sync();
      return range.values;
    });
    assert.equal(header[0]!.length, 30);
  });

  it('should fail a request or a response over 5 MB, as Excel on the web does', async () => {
    await assert.rejects(
      run(async (context) => {
        const body = context.workbook.tables.getItem('Wide').getDataBodyRange().load('values');
        await context.sync();
        return body.values.length;
      }),
      (error: { code?: string }) => error.code === 'ResponsePayloadSizeLimitExceeded',
    );
    await assert.rejects(
      run(async (context) => {
        context.workbook.tables.getItem('Wide').getDataBodyRange().values = book.tables[0]!.rows.map((row) => row.map(() => 'x'.repeat(20)));
        await context.sync();
      }),
      (error: { code?: string }) => error.code === 'RequestPayloadSizeLimitExceeded',
    );
  });

  it('should answer ItemNotFound for a missing table, and InvalidArgument for values of the wrong shape', async () => {
    await assert.rejects(readTableRows('Missing', 0, 1), (error: { code?: string }) => error.code === 'ItemNotFound');
    await assert.rejects(
      run(async (context) => {
        context.workbook.tables.getItem('Wide').getDataBodyRange().getRow(0).values = [['too few']];
        await context.sync();
      }),
      (error: { code?: string }) => error.code === 'InvalidArgument',
    );
  });

  it('should run the gateway: 20,000 rows by 30 columns scored in chunks that stay under the limits', async () => {
    assert.deepEqual(await readSelectedTable(), { name: 'Wide', worksheet: 'Sheet1', columns: book.tables[0]!.header.slice(0, 30), rowCount: 20_000, dateColumns: [] });
    const summary = await scoreTable({
      tableName: 'Wide',
      mapping: [{ field: 'c0', column: 'c0' }],
      model: 'm',
      score: async (call) => ({
        model: { name: 'm', version: 1, versionId: '00000000-0000-4000-8000-000000000000', via: 'champion', kind: 'gbdt', explanation: 'tree-shap' },
        scoredAt: new Date().toISOString(),
        results: call.records.map(() => ({ probability: 0.5, score: 50, grade: 'B', baseScore: 40, reasons: { positive: [{ field: 'c0', text: 'c0 is set', points: 10 }], negative: [], otherPoints: 0 } })),
      }),
    });
    assert.deepEqual({ chunks: summary.chunks, scored: summary.scored }, { chunks: 7, scored: 20_000 });
    assert.deepEqual(book.tables[0]!.header.slice(-3), ['Score', 'Grade', 'Reasons']);
    assert.ok(book.tables[0]!.rows.every((row) => row.at(-3) === 50 && row.at(-1) === 'c0 is set (+10)'));
    assert.ok(stats.largestResponseBytes < 5 * 1024 * 1024 && stats.largestRequestBytes < 5 * 1024 * 1024, JSON.stringify(stats));
    assert.equal(stats.largestWriteRows, 3_030);
  });
});
