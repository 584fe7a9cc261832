import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Cell, RowBatch } from './table.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * How a chunk of rows is stored: a JSON array of rows, gzip-compressed. Compression runs on
 * libuv's thread pool, so a large import does not stall the API's event loop. Level 4 keeps most
 * of the size gain of the default level at well under its cost.
 */
export async function encodeChunk(rowsJson: string[]): Promise<Buffer> {
  return gzipAsync(`[${rowsJson.join(',')}]`, { level: 4 });
}

export async function decodeChunk(data: Buffer): Promise<RowBatch> {
  return JSON.parse((await gunzipAsync(data)).toString('utf8')) as Cell[][];
}
