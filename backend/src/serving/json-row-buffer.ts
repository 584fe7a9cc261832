/**
 * Rows of JSON text, oldest first, kept as UTF-8 bytes in a Buffer: outside the JavaScript heap,
 * so the garbage collector neither copies nor promotes them while they wait (decision 0025).
 *
 * The prediction log holds every served row for up to its flush interval (200 ms by default),
 * longer than the gap between two young-generation collections. Held as strings, each row was
 * copied by one collection and promoted to the old generation by the next: on the scoring
 * benchmark about 0.2 MB a collection, a third of each pause. Written here, a row's string dies
 * young, right after it is copied in.
 *
 * Each row is stored followed by a comma, so that any run of rows from the first is one slice of
 * the bytes: `jsonArray(n)` is `[` + that slice without its last comma + `]`, as bytes: the prediction
 * log hands them to its store as they are (prediction-log-store.ts).
 */
export class JsonRowBuffer {
  readonly #initialBytes: number;
  #bytes: Buffer;
  /** Where each row ends, its comma included; rows start where the one before ends. */
  #ends: number[] = [];

  constructor(initialBytes = 64 * 1024) {
    this.#initialBytes = initialBytes;
    this.#bytes = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#ends.length;
  }

  /** Bytes in use. */
  get byteLength(): number {
    return this.#ends.at(-1) ?? 0;
  }

  push(json: string): void {
    const start = this.byteLength;
    const needed = start + Buffer.byteLength(json) + 1;
    if (needed > this.#bytes.length) this.#grow(needed);
    const written = this.#bytes.write(json, start);
    this.#bytes[start + written] = COMMA;
    this.#ends.push(start + written + 1);
  }

  /** Row `index` (0 is the oldest) as its JSON text. */
  row(index: number): string {
    if (index < 0 || index >= this.#ends.length) throw new RangeError(`No row ${index} among ${this.#ends.length}`);
    const start = index === 0 ? 0 : this.#ends[index - 1]!;
    return this.#bytes.toString('utf8', start, this.#ends[index]! - 1);
  }

  /** The first `count` rows as the UTF-8 bytes of one JSON array, in memory of their own. */
  jsonArray(count: number): Uint8Array {
    const rows = Math.min(count, this.#ends.length);
    const rowBytes = rows === 0 ? 0 : this.#ends[rows - 1]! - 1;
    const array = new Uint8Array(rowBytes + 2);
    array[0] = OPEN_BRACKET;
    array.set(this.#bytes.subarray(0, rowBytes), 1);
    array[rowBytes + 1] = CLOSE_BRACKET;
    return array;
  }

  /** Drops the first `count` rows, moving the rest to the front; an emptied buffer shrinks back. */
  removeFirst(count: number): void {
    const rows = Math.min(count, this.#ends.length);
    if (rows === 0) return;
    if (rows === this.#ends.length) {
      this.#ends.length = 0;
      // A burst of large requests grew it; the memory goes back once they are written.
      if (this.#bytes.length > this.#initialBytes) this.#bytes = Buffer.allocUnsafe(this.#initialBytes);
      return;
    }
    const removedBytes = this.#ends[rows - 1]!;
    const usedBytes = this.byteLength;
    this.#bytes.copyWithin(0, removedBytes, usedBytes);
    this.#ends.splice(0, rows);
    for (let row = 0; row < this.#ends.length; row++) this.#ends[row]! -= removedBytes;
  }

  #grow(needed: number): void {
    let size = this.#bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.#bytes.copy(grown, 0, 0, this.byteLength);
    this.#bytes = grown;
  }
}

const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
