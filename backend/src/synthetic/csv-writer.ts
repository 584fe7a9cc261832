/**
 * Writes a table stream as CSV by RFC 4180: comma-separated, CRLF line ends, a header row, and
 * fields quoted when they hold a comma, a quote, CR or LF (quotes doubled inside). A missing value
 * (null) is an empty field and an empty string is `""`, so readers that tell the two apart can.
 * Memory stays bounded: one batch is encoded at a time and the file stream's backpressure is obeyed.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Cell, TableStream } from '../datasets/table.ts';

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (cell === '') return '""';
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell;
}

export function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) line += ',';
    line += csvField(cells[index] as Cell);
  }
  return `${line}\r\n`;
}

export interface CsvWriteResult {
  /** Data rows written, without the header. */
  rows: number;
  bytes: number;
}

export async function writeCsv(stream: TableStream, path: string): Promise<CsvWriteResult> {
  const file = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  // Without a handler an early error would be an unhandled rejection before anything awaits `failed`.
  failed.catch(() => {});
  let rows = 0;
  const write = async (text: string) => {
    if (!file.write(text)) await Promise.race([once(file, 'drain'), failed]);
  };
  try {
    await write(csvLine(stream.columns));
    for await (const batch of stream.batches) {
      let text = '';
      for (const row of batch) text += csvLine(row);
      rows += batch.length;
      await write(text);
    }
    file.end();
    await Promise.race([once(file, 'close'), failed]);
  } catch (error) {
    file.destroy();
    throw error;
  }
  return { rows, bytes: file.bytesWritten };
}
