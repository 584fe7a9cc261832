import assert from 'node:assert/strict';
import { JsonRowBuffer } from './json-row-buffer.ts';

/** A JSON array's bytes as text. */
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('JsonRowBuffer: rows of JSON text held as bytes', () => {
  const rows = [JSON.stringify({ a: 1 }), JSON.stringify({ name: 'Zoë – café ☕', emoji: '😀' }), JSON.stringify({ empty: '' }), JSON.stringify([1, 'two', null])];

  it('should give back each row and any first run of rows as one JSON array, multi-byte text included', () => {
    const buffer = new JsonRowBuffer(8);
    for (const row of rows) buffer.push(row);
    assert.equal(buffer.length, 4);
    rows.forEach((row, index) => assert.equal(buffer.row(index), row));
    assert.deepEqual(JSON.parse(text(buffer.jsonArray(2))), rows.slice(0, 2).map((row) => JSON.parse(row)));
    assert.deepEqual(JSON.parse(text(buffer.jsonArray(10))), rows.map((row) => JSON.parse(row)));
    assert.equal(text(new JsonRowBuffer().jsonArray(5)), '[]');
    assert.throws(() => buffer.row(4), /No row 4 among 4/);
  });

  it('should keep the rows after the ones removed, and take new rows behind them', () => {
    const buffer = new JsonRowBuffer(16);
    for (const row of rows) buffer.push(row);
    buffer.removeFirst(1);
    assert.equal(buffer.length, 3);
    assert.equal(buffer.row(0), rows[1]);
    buffer.push(rows[0]!);
    assert.deepEqual(JSON.parse(text(buffer.jsonArray(4))), [...rows.slice(1), rows[0]].map((row) => JSON.parse(row!)));
    buffer.removeFirst(2);
    assert.deepEqual(JSON.parse(text(buffer.jsonArray(4))), [rows[3], rows[0]].map((row) => JSON.parse(row!)));
  });

  it('should grow for many rows and shrink back to its first size once emptied', () => {
    const buffer = new JsonRowBuffer(64);
    const many = Array.from({ length: 5000 }, (_, index) => JSON.stringify({ index, text: 'x'.repeat(index % 50) }));
    for (const row of many) buffer.push(row);
    assert.equal(buffer.length, many.length);
    assert.equal(buffer.row(4321), many[4321]);
    assert.ok(buffer.byteLength > 64);
    buffer.removeFirst(many.length);
    assert.equal(buffer.length, 0);
    assert.equal(buffer.byteLength, 0);
    buffer.push(rows[1]!);
    assert.equal(buffer.row(0), rows[1]);
  });
});
