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
  /**
   * Where each row ends in #bytes, its comma included; a row starts where the one before it ends.
   * Entries before #head (and bytes before #start) are rows already removed: removing rows only
   * moves these two marks, and the space behind them is reclaimed when a push needs room. Moving
   * the rows left to the front at every removal copied every row still held each time, about 50 ms
   * of the event loop's time to drain 20,000 rows of 1.8 KB a thousand at a time.
   */
  #ends: number[] = [];
  #head = 0;
  #start = 0;

  constructor(initialBytes = 64 * 1024) {
    this.#initialBytes = initialBytes;
    this.#bytes = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#ends.length - this.#head;
  }

  /** Bytes in use. */
  get byteLength(): number {
    return this.#end - this.#start;
  }

  /** Where the last row ends (where the next one goes). */
  get #end(): number {
    return this.length === 0 ? this.#start : this.#ends.at(-1)!;
  }

  push(json: string): void {
    const rowBytes = Buffer.byteLength(json) + 1;
    if (this.#end + rowBytes > this.#bytes.length) this.#makeRoom(rowBytes);
    const start = this.#end;
    const written = this.#bytes.write(json, start);
    this.#bytes[start + written] = COMMA;
    this.#ends.push(start + written + 1);
  }

  /** Row `index` (0 is the oldest) as its JSON text. */
  row(index: number): string {
    if (index < 0 || index >= this.length) throw new RangeError(`No row ${index} among ${this.length}`);
    const start = index === 0 ? this.#start : this.#ends[this.#head + index - 1]!;
    return this.#bytes.toString('utf8', start, this.#ends[this.#head + index]! - 1);
  }

  /** The first `count` rows as the UTF-8 bytes of one JSON array, in memory of their own. */
  jsonArray(count: number): Uint8Array {
    const rows = Math.min(count, this.length);
    const rowBytes = rows === 0 ? 0 : this.#ends[this.#head + rows - 1]! - 1 - this.#start;
    const array = new Uint8Array(rowBytes + 2);
    array[0] = OPEN_BRACKET;
    array.set(this.#bytes.subarray(this.#start, this.#start + rowBytes), 1);
    array[rowBytes + 1] = CLOSE_BRACKET;
    return array;
  }

  /** Drops the first `count` rows; an emptied buffer shrinks back to its first size. */
  removeFirst(count: number): void {
    const rows = Math.min(count, this.length);
    if (rows === 0) return;
    if (rows === this.length) {
      this.#ends.length = 0;
      this.#head = 0;
      this.#start = 0;
      // A burst of large requests grew it; the memory goes back once they are written.
      if (this.#bytes.length > this.#initialBytes) this.#bytes = Buffer.allocUnsafe(this.#initialBytes);
      return;
    }
    this.#head += rows;
    this.#start = this.#ends[this.#head - 1]!;
    // The removed rows' entries go once they are half the list, so each is dropped in O(1) on average.
    if (this.#head * 2 >= this.#ends.length) {
      this.#ends.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /**
   * Room for `rowBytes` more. The rows held move to the front of the same memory when they fill at
   * most half of it with the new row, else to new memory at least twice their size. Either way at
   * least as many bytes are free afterwards as were moved, so that a byte pushed costs at most one
   * byte moved, however the buffer is used; the price is memory up to four times the rows held
   * (two times before: it moved every row at every removal instead).
   */
  #makeRoom(rowBytes: number): void {
    const used = this.byteLength;
    const needed = used + rowBytes;
    const target = 2 * needed <= this.#bytes.length ? this.#bytes : Buffer.allocUnsafe(grownSize(this.#bytes.length, 2 * needed));
    this.#bytes.copy(target, 0, this.#start, this.#start + used);
    this.#bytes = target;
    const shift = this.#start;
    this.#ends.splice(0, this.#head);
    this.#head = 0;
    for (let row = 0; row < this.#ends.length; row++) this.#ends[row]! -= shift;
    this.#start = 0;
  }
}

/** The first doubling of `size` that holds `needed` bytes. */
function grownSize(size: number, needed: number): number {
  let grown = size * 2;
  while (grown < needed) grown *= 2;
  return grown;
}

const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
