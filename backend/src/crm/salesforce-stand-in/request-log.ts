/** One request the stand-in answered, for tests to check what a client did. */
export interface RequestLogEntry {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  /** The raw query string, without the `?`. */
  readonly query: string;
  /** 0 when the connection was dropped before an answer. */
  readonly status: number;
  readonly durationMs: number;
  /** The kind of fault injected into this request, if any. */
  readonly fault?: string;
}

/** The most recent requests, oldest first; bounded so a long demo does not grow it forever. */
export class RequestLog {
  readonly #capacity: number;
  #entries: RequestLogEntry[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  record(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    // Trimming in steps keeps the cost of a full log to one copy per tenth of its capacity.
    if (this.#entries.length > this.#capacity * 1.1) this.#entries = this.#entries.slice(-this.#capacity);
  }

  entries(): readonly RequestLogEntry[] {
    return this.#entries.length > this.#capacity ? this.#entries.slice(-this.#capacity) : [...this.#entries];
  }

  clear(): void {
    this.#entries = [];
  }
}
