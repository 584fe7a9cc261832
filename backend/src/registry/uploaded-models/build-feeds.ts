import * as ort from 'onnxruntime-node';
import { readFieldValue } from './record-values.ts';
import type { FeedElementType, InputFeed } from './resolve-field-mapping.ts';

export interface RecordFeeds {
  /** The tensors for onnxruntime, one row per readable record; empty when no record is readable. */
  feeds: Record<string, ort.Tensor>;
  /** The records the tensors' rows are, by index into the records given. */
  rows: number[];
  /** Why each unreadable record cannot be scored (undefined for the readable ones). */
  problems: (string | undefined)[];
}

/**
 * The input tensors for a batch of records: each feed's fields, read for its element type, in
 * row-major order. A record with a field that cannot be read gets its problems (all of them)
 * and no row; the others still run.
 */
export function buildFeeds(feeds: readonly InputFeed[], records: readonly Record<string, unknown>[]): RecordFeeds {
  const problems: (string | undefined)[] = new Array(records.length).fill(undefined);
  const values: (number | bigint | string)[][] = [];
  const rows: number[] = [];
  records.forEach((record, index) => {
    const row: (number | bigint | string)[] = [];
    const recordProblems: string[] = [];
    for (const feed of feeds) {
      for (const field of feed.fields) {
        const read = readFieldValue(feed.elementType, field, record[field]);
        if (read.ok) row.push(read.value);
        else recordProblems.push(read.problem);
      }
    }
    if (recordProblems.length > 0) problems[index] = recordProblems.join('; ');
    else {
      rows.push(index);
      values.push(row);
    }
  });
  if (rows.length === 0) return { feeds: {}, rows, problems };

  const tensors: Record<string, ort.Tensor> = {};
  let offset = 0;
  for (const feed of feeds) {
    const width = feed.fields.length;
    const data = tensorData(feed.elementType, rows.length * width);
    // Each value is of the kind readFieldValue gives for this element type, so it fits the array.
    const writable = data as { [index: number]: number | bigint | string };
    values.forEach((row, rowIndex) => {
      for (let column = 0; column < width; column++) writable[rowIndex * width + column] = row[offset + column]!;
    });
    tensors[feed.input] = new ort.Tensor(data, feed.rank === 2 ? [rows.length, width] : [rows.length]);
    offset += width;
  }
  return { feeds: tensors, rows, problems };
}

function tensorData(elementType: FeedElementType, length: number): Float32Array | Float64Array | BigInt64Array | Int32Array | string[] {
  switch (elementType) {
    case 'float':
      return new Float32Array(length);
    case 'double':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'string':
      return new Array<string>(length).fill('');
  }
}
