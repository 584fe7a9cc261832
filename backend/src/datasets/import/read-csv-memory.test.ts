import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readCsv } from './read-csv.ts';
import { useTempDir } from './test-fixtures/table-assertions.ts';

const ROWS = 1_000_000;
/**
 * Growth of the live JavaScript heap allowed while streaming; the whole file parsed at once would
 * need several times the file's ~110 MB. Measured after a forced collection every few batches:
 * the peak of uncollected garbage depends on the collector's timing and on the rest of the test
 * run, what the reader keeps alive does not.
 */
const MAX_HEAP_GROWTH_BYTES = 100 * 1024 * 1024;
const BATCHES_BETWEEN_SAMPLES = 20;

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

describe('readCsv on a 1,000,000-row file', function () {
  // Generating and parsing take seconds; no time is asserted, only that memory stays bounded.
  this.timeout(300_000);
  const temp = useTempDir('csv-memory');
  let file: string;

  before(async () => {
    file = temp.file('million.csv');
    const out = createWriteStream(file);
    out.write('id,name,email,amount,stage,created,score,region,converted,notes\n');
    let chunk = '';
    for (let id = 1; id <= ROWS; id += 1) {
      chunk += `${id},Lead ${id},lead${id}@example.com,${(id * 1.37).toFixed(2)},Qualified,2024-01-${String((id % 28) + 1).padStart(2, '0')},${id % 100},EMEA,${id % 2 === 0},"note, with a comma ${id}"\n`;
      if (id % 10_000 === 0) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end();
    await once(out, 'finish');
  });

  it('should stream every row with bounded heap growth', async () => {
    const gc = exposeGc();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let rows = 0;
    let batches = 0;
    let last: unknown;
    const table = await readCsv(file);
    assert.equal(table.columns.length, 10);
    for await (const batch of table.batches) {
      rows += batch.length;
      last = batch.at(-1);
      batches += 1;
      if (batches % BATCHES_BETWEEN_SAMPLES === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    assert.equal(rows, ROWS);
    assert.deepEqual(last, ['1000000', 'Lead 1000000', 'lead1000000@example.com', '1370000.00', 'Qualified', '2024-01-09', '0', 'EMEA', 'true', 'note, with a comma 1000000']);
    assert.ok(peak - baseline < MAX_HEAP_GROWTH_BYTES, `heap grew by ${Math.round((peak - baseline) / 1024 / 1024)} MB`);
  });
});
