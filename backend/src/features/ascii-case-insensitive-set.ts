/**
 * A set of texts matched ignoring ASCII case, without allocating: a lookup compares character codes
 * in place instead of lower-casing the candidate, because it runs for every cell of every row.
 * Only the letters A-Z fold; every other character must match exactly, which keeps the rule easy to
 * reproduce outside this code (an ONNX graph, another runtime).
 */
export class AsciiCaseInsensitiveSet {
  /** The members, ASCII lower-cased, in the order given, without duplicates. */
  readonly values: readonly string[];
  readonly #byLength = new Map<number, string[]>();

  constructor(values: Iterable<string>) {
    const unique = [...new Set([...values].map(asciiLowerCase))];
    this.values = Object.freeze(unique);
    for (const value of unique) {
      const sameLength = this.#byLength.get(value.length);
      if (sameLength) sameLength.push(value);
      else this.#byLength.set(value.length, [value]);
    }
  }

  /** Whether `text.slice(start, end)` is a member, without making that slice. */
  has(text: string, start = 0, end = text.length): boolean {
    const candidates = this.#byLength.get(end - start);
    if (candidates === undefined) return false;
    for (const candidate of candidates) {
      let index = 0;
      while (index < candidate.length && foldAscii(text.charCodeAt(start + index)) === candidate.charCodeAt(index)) index += 1;
      if (index === candidate.length) return true;
    }
    return false;
  }
}

export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

function foldAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
