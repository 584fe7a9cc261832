import assert from 'node:assert/strict';
import type { Cell, TableStream } from '../datasets/table.ts';
import { generateRecordBatches } from './generate-records.ts';
import { syntheticColumns } from './object-descriptions.ts';
import { DEFAULT_QUIRKS } from './quirk-options.ts';
import { syntheticTableStream } from './synthetic-table-stream.ts';

async function collectBatches(stream: TableStream): Promise<Cell[][][]> {
  const batches: Cell[][][] = [];
  for await (const batch of stream.batches) batches.push(batch);
  return batches;
}

describe('synthetic table stream', () => {
  it('should have the records columns and one text cell per field, null where the field is empty', async () => {
    const options = { object: 'Opportunity', rows: 1200, seed: 4 } as const;
    const stream = syntheticTableStream(options);
    assert.deepEqual(stream.columns, syntheticColumns('Opportunity', DEFAULT_QUIRKS));
    const rows = (await collectBatches(stream)).flat();
    const records = [...generateRecordBatches(options)].flat();
    assert.equal(rows.length, records.length);
    for (const [index, record] of records.entries()) {
      const values = record as unknown as Record<string, unknown>;
      assert.deepEqual(
        rows[index],
        stream.columns.map((column) => (values[column] === null ? null : String(values[column]))),
      );
    }
    assert.ok(rows.some((row) => row.includes('true')) && rows.some((row) => row.includes(null)));
  });

  it('should come in batches of the batch size', async () => {
    const sizes = (await collectBatches(syntheticTableStream({ object: 'Lead', rows: 2500, batchSize: 1000 }))).map((batch) => batch.length);
    assert.deepEqual(sizes, [1000, 1000, 500]);
  });

  it('should output the chosen columns, the true probability included on request', async () => {
    const stream = syntheticTableStream({ object: 'Lead', rows: 50 }, { columns: ['Id', 'IsConverted', '__trueProbability'] });
    const rows = (await collectBatches(stream)).flat();
    assert.deepEqual(stream.columns, ['Id', 'IsConverted', '__trueProbability']);
    for (const row of rows) {
      assert.match(row[1] ?? '', /^(true|false)$/);
      assert.ok(Number(row[2]) > 0 && Number(row[2]) < 1);
    }
  });

  it('should reject a column the records do not have', () => {
    assert.throws(() => syntheticTableStream({ object: 'Lead', rows: 50, quirks: false }, { columns: ['Id', 'CurrencyIsoCode'] }), /no column "CurrencyIsoCode"/);
  });
});
