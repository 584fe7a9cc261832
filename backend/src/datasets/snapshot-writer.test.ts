import assert from 'node:assert/strict';
import { seedWorkspace, type SeededWorkspace } from '../../test/support/fixtures.ts';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { readSnapshot } from './dataset-reader.ts';
import { InvalidDataError } from './invalid-data-error.ts';
import { writeSnapshot } from './snapshot-writer.ts';
import type { RowBatch, TableStream } from './table.ts';

function tableOf(columns: string[], rows: RowBatch, batchSize: number, failAfterBatches?: number): TableStream {
  async function* batches() {
    for (let start = 0, index = 0; start < rows.length; start += batchSize, index++) {
      if (failAfterBatches !== undefined && index === failAfterBatches) throw new InvalidDataError('Row has 3 cells; the header has 2', { row: start + 1 });
      yield rows.slice(start, start + batchSize);
    }
  }
  return { columns, batches: batches() };
}

async function collect(table: TableStream): Promise<RowBatch> {
  const rows: RowBatch = [];
  for await (const batch of table.batches) rows.push(...batch);
  return rows;
}

describe('dataset snapshots', () => {
  const database = useTestDatabase();
  let workspace: SeededWorkspace;
  const rows: RowBatch = Array.from({ length: 12_345 }, (_, index) => [`id-${index}`, index % 7 === 0 ? null : `value ${index} with "quotes", commas and ünïcode`]);

  before(async () => {
    workspace = await seedWorkspace(database.db, 'snapshots');
  });

  const input = (table: TableStream, name = 'leads.csv') => ({
    workspaceId: workspace.id,
    name,
    source: 'file' as const,
    origin: { fileName: name },
    createdByUserId: workspace.users.analyst.id,
    table,
  });

  it('should store every row in order and read them back identically', async () => {
    const progress: number[] = [];
    const { dataset, created } = await writeSnapshot(database.db, { ...input(tableOf(['Id', 'Note'], rows, 1000)), onProgress: (done) => progress.push(done) });
    assert.equal(created, true);
    assert.equal(dataset.rowCount, rows.length);
    assert.match(dataset.contentHash, /^[0-9a-f]{64}$/);
    assert.equal(progress.at(-1), rows.length);
    assert.deepEqual(await collect(readSnapshot(database.db, dataset)), rows);
  });

  it('should return the existing dataset for identical content and store nothing new', async () => {
    const before = await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`;
    const { dataset, created } = await writeSnapshot(database.db, input(tableOf(['Id', 'Note'], rows, 777), 'same-again.csv'));
    assert.equal(created, false);
    assert.equal(dataset.name, 'leads.csv');
    const after = await database.sql<{ n: number }[]>`select count(*)::int as n from datasets`;
    assert.equal(after[0]!.n, before[0]!.n);
  });

  it('should store nothing when the source fails halfway', async () => {
    const before = await database.sql<{ datasets: number; chunks: number }[]>`
      select (select count(*)::int from datasets) as datasets, (select count(*)::int from dataset_chunks) as chunks`;
    await assert.rejects(writeSnapshot(database.db, input(tableOf(['Id', 'Note'], rows.slice(0, 5000).reverse(), 1000, 3), 'broken.csv')), InvalidDataError);
    const after = await database.sql<{ datasets: number; chunks: number }[]>`
      select (select count(*)::int from datasets) as datasets, (select count(*)::int from dataset_chunks) as chunks`;
    assert.deepEqual(after[0], before[0]);
  });

  it('should hand every batch to the profiler and keep what it returns', async () => {
    let seen = 0;
    const profiler = {
      add: (batch: RowBatch) => {
        seen += batch.length;
      },
      finish: () => ({ rows: seen }),
    };
    const { dataset } = await writeSnapshot(database.db, { ...input(tableOf(['Id'], [['a'], ['b'], ['c']], 2), 'tiny.csv'), profiler });
    assert.deepEqual(dataset.profile, { rows: 3 });
  });
});
