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

  it('should keep rows, order and arrays right through any mix of pushes and removals, reusing the space removed rows left', () => {
    const buffer = new JsonRowBuffer(256);
    const held: string[] = [];
    let next = 0;
    // A fixed pseudo-random sequence: runs of pushes of uneven rows, removals of uneven counts, so
    // that new rows reach the end of the memory both when removed rows left enough room before
    // the ones held and when they did not.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 48271) % 2147483647;
      return Math.floor((seed / 2147483647) * below);
    };
    for (let step = 0; step < 3000; step++) {
      if (random(3) > 0) {
        for (let pushes = random(8); pushes > 0; pushes--) {
          const row = JSON.stringify({ n: next++, text: 'é'.repeat(random(40)) });
          buffer.push(row);
          held.push(row);
        }
      } else {
        // Mostly a few rows, as writes keep up with arrivals; now and then all of them and more.
        const count = random(50) === 0 ? held.length + random(3) : random(14);
        buffer.removeFirst(count);
        held.splice(0, count);
      }
      assert.equal(buffer.length, held.length);
      assert.equal(buffer.byteLength, held.reduce((sum, row) => sum + Buffer.byteLength(row) + 1, 0));
      if (held.length > 0) {
        assert.equal(buffer.row(0), held[0]);
        assert.equal(buffer.row(held.length - 1), held.at(-1));
        const some = random(held.length) + 1;
        assert.deepEqual(JSON.parse(text(buffer.jsonArray(some))), held.slice(0, some).map((row) => JSON.parse(row)));
      } else {
        assert.equal(text(buffer.jsonArray(3)), '[]');
      }
    }
  });
});
