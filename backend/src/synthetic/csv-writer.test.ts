import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Cell, RowBatch, TableStream } from '../datasets/table.ts';
import { csvLine, writeCsv } from './csv-writer.ts';
import { syntheticTableStream } from './synthetic-table-stream.ts';

function tableOf(columns: string[], rows: Cell[][]): TableStream {
  async function* batches(): AsyncGenerator<RowBatch> {
    yield rows;
  }
  return { columns, batches: batches() };
}

/** Reads CSV back, telling an empty quoted field ("" = empty string) from an empty one (null). */
function parseCsv(text: string): Cell[][] {
  return parse(text, { cast: (value, context) => (value === '' && !context.quoting ? null : value) }) as Cell[][];
}

async function collect(stream: TableStream): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const batch of stream.batches) rows.push(...batch);
  return rows;
}

describe('CSV writer', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-synthetic-'));
  });
  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('should quote by RFC 4180 only where needed', () => {
    assert.equal(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', '', null, ' padded ']), 'plain,"a,b","say ""hi""","two\nlines","cr\r","",, padded \r\n');
  });

  it('should write a file that a standard parser reads back cell for cell', async () => {
    const rows: Cell[][] = [
      ['1', 'Acme, Inc.', 'He said "yes"', null],
      ['2', '', 'line one\r\nline two', 'Müller'],
    ];
    const file = path.join(directory, 'handmade.csv');
    const result = await writeCsv(tableOf(['Id', 'Company', 'Notes', 'Name'], rows), file);
    assert.equal(result.rows, 2);
    const text = readFileSync(file, 'utf8');
    assert.equal(Buffer.byteLength(text), result.bytes);
    assert.deepEqual(parseCsv(text), [['Id', 'Company', 'Notes', 'Name'], ...rows]);
  });

  it('should round-trip generated leads and opportunities through csv-parse', async () => {
    for (const object of ['Lead', 'Opportunity'] as const) {
      const options = { object, rows: 3000, seed: 21, batchSize: 700, quirks: { leakageColumn: true } };
      const file = path.join(directory, `${object}.csv`);
      await writeCsv(syntheticTableStream(options), file);
      const expected = syntheticTableStream(options);
      const text = readFileSync(file, 'utf8');
      if (object === 'Lead') assert.ok(text.includes(',"Vice President, Operations",') && text.includes(',"",'), 'quoted fields are exercised');
      const parsed = parseCsv(text);
      assert.deepEqual(parsed[0], expected.columns);
      assert.deepEqual(parsed.slice(1), await collect(expected));
    }
  });

  it('should write the same bytes for the same seed and different bytes for another', async () => {
    const digest = async (seed: number) => {
      const file = path.join(directory, `seed-${seed}.csv`);
      await writeCsv(syntheticTableStream({ object: 'Lead', rows: 5000, seed }), file);
      return createHash('sha256').update(readFileSync(file)).digest('hex');
    };
    const first = await digest(31);
    assert.equal(await digest(31), first);
    assert.notEqual(await digest(32), first);
  });

  it('should fail with the file system error when the file cannot be written', async () => {
    await assert.rejects(writeCsv(syntheticTableStream({ object: 'Lead', rows: 10 }), path.join(directory, 'missing', 'leads.csv')), { code: 'ENOENT' });
  });
});
