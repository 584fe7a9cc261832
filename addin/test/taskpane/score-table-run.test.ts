import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RecordScoreResult, ScoreResponse } from '@scorebridge/shared';
import sinon from 'sinon';
import type { CellValue } from '../../src/taskpane/excel-gateway.ts';
import { rowsPerChunk, scoreTable, ScoringStoppedError, type ScoreCall } from '../../src/taskpane/scoring/score-table-run.ts';
import { installWorkbookMock, type WorkbookMock } from '../support/excel-workbook-mock.ts';

const VERSION_ID = randomUUID();

/** Scores like the API: one result per record, in order; a record without Revenue cannot be scored. */
function fakeScore(call: ScoreCall): Promise<ScoreResponse> {
  const results: RecordScoreResult[] = call.records.map((record) => {
    if (record['Revenue'] === undefined) return { probability: null, score: null, grade: null, baseScore: null, reasons: { positive: [], negative: [], otherPoints: 0 }, problem: 'Revenue is required' };
    const score = 1 + (Number(record['Revenue']) % 99);
    return {
      probability: score / 100,
      score,
      grade: score >= 50 ? 'B' : 'D',
      baseScore: 40,
      reasons: { positive: [{ field: 'LeadSource', text: `Lead source is ${String(record['LeadSource'])}`, points: 7 }], negative: [{ field: 'Revenue', text: 'Annual revenue is low', points: -3 }], otherPoints: 0 },
    };
  });
  return Promise.resolve({ model: { name: 'Lead conversion', version: 2, versionId: VERSION_ID, via: 'champion', kind: 'gbdt', explanation: 'tree-shap' }, scoredAt: new Date().toISOString(), results });
}

function leads(count: number): CellValue[][] {
  return Array.from({ length: count }, (_, index) => [`L${index}`, index % 3 === 0 ? 'Web' : 'Partner', index === 5 ? '' : index]);
}

describe('scoring a table in chunks (office-addin-mock)', () => {
  let workbook: WorkbookMock;
  const mapping = [
    { field: 'LeadSource', column: 'Lead Source' },
    { field: 'Revenue', column: 'Revenue' },
    { field: 'Rating', column: null },
  ];

  afterEach(() => {
    delete (globalThis as { Excel?: unknown }).Excel;
  });

  it('should score 100,000 rows in chunks of at most 5,000, with progress to the end, writing Score, Grade and Reasons', async function () {
    this.timeout(60_000);
    workbook = installWorkbookMock([{ name: 'Leads', worksheet: 'Sheet1', header: ['Id', 'Lead Source', 'Revenue'], rows: leads(100_000) }]);
    const score = sinon.spy(fakeScore);
    const progress: number[] = [];
    const summary = await scoreTable({ tableName: 'Leads', mapping, model: 'Lead conversion', score, onProgress: ({ done, total }) => progress.push(done / total) });

    assert.deepEqual({ rows: summary.rows, scored: summary.scored, notScored: summary.notScored, chunks: summary.chunks, added: summary.addedColumns }, { rows: 100_000, scored: 99_999, notScored: 1, chunks: 20, added: ['Score', 'Grade', 'Reasons'] });
    assert.equal(score.callCount, 20);
    assert.ok(score.getCalls().every((call) => call.args[0].records.length === 5_000 && call.args[0].source === 'excel'));
    assert.equal(score.firstCall.args[0].model, 'Lead conversion');
    assert.ok(score.getCalls().slice(1).every((call) => call.args[0].model === VERSION_ID), 'later chunks ask for the version the first was scored with');
    assert.deepEqual(score.firstCall.args[0].records[1], { LeadSource: 'Partner', Revenue: 1 });

    assert.equal(progress.length, 21);
    assert.deepEqual([progress[0], progress.at(-1)], [0, 1]);
    assert.ok(progress.every((value, index) => index === 0 || value > progress[index - 1]!));
    const writes = workbook.syncs.filter((sync) => sync.cellsWritten > 0);
    assert.equal(writes.length, 20);
    assert.ok(writes.every((sync) => sync.rowsWritten <= 5_000 && sync.cellsWritten === 15_000));

    assert.deepEqual(workbook.tables[0]!.header, ['Id', 'Lead Source', 'Revenue', 'Score', 'Grade', 'Reasons']);
    assert.deepEqual(workbook.tables[0]!.rows[3], ['L3', 'Web', 3, 4, 'D', 'Lead source is Web (+7); Annual revenue is low (\u22123)']);
    assert.deepEqual(workbook.tables[0]!.rows[5]!.slice(3), ['', '', 'Not scored: Revenue is required']);
    assert.ok(workbook.column('Leads', 'Score').every((cell, index) => index === 5 || typeof cell === 'number'));
  });

  it('should update the same columns on a rerun, wherever they are, and add none', async () => {
    workbook = installWorkbookMock([{ name: 'Leads', worksheet: 'Sheet1', header: ['Id', 'score', 'Lead Source', 'Revenue', 'Grade', 'Reasons'], rows: leads(12).map((row) => [row[0]!, 'old', row[1]!, row[2]!, 'old', 'old']) }]);
    const summary = await scoreTable({ tableName: 'Leads', mapping, model: 'Lead conversion', score: fakeScore, chunkRows: 5 });
    assert.deepEqual(summary.addedColumns, []);
    assert.equal(summary.chunks, 3);
    assert.deepEqual(workbook.tables[0]!.header, ['Id', 'score', 'Lead Source', 'Revenue', 'Grade', 'Reasons']);
    assert.deepEqual(workbook.column('Leads', 'score').slice(0, 3), [1, 2, 3]);
    assert.ok(!workbook.column('Leads', 'Reasons').includes('old'));
  });

  it('should stop between chunks when cancelled, keeping what was written', async () => {
    workbook = installWorkbookMock([{ name: 'Leads', worksheet: 'Sheet1', header: ['Id', 'Lead Source', 'Revenue'], rows: leads(30) }]);
    const controller = new AbortController();
    await assert.rejects(
      scoreTable({ tableName: 'Leads', mapping, model: 'Lead conversion', score: fakeScore, chunkRows: 10, signal: controller.signal, onProgress: ({ done }) => done === 10 && controller.abort() }),
      (error: unknown) => error instanceof ScoringStoppedError && /after 10 of 30 rows/.test(error.message),
    );
    assert.deepEqual(workbook.column('Leads', 'Reasons').map((cell) => cell !== ''), [...Array(10).fill(true), ...Array(20).fill(false)]);
  });

  it('should size chunks by the table width', () => {
    assert.equal(rowsPerChunk(3), 5_000);
    assert.equal(rowsPerChunk(50), 2_000);
    assert.equal(rowsPerChunk(5_000), 100);
  });
});
