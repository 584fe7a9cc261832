/**
 * RE2 patterns (the syntax of ONNX's RegexFullMatch) that restate, for the graph, the text rules
 * the field readers and `emailDomainKindCode` apply in TypeScript. Each pattern is matched against
 * the whole field as fed, so surrounding whitespace is allowed wherever the reader would trim it.
 *
 * - "Whitespace" is exactly what `String.prototype.trim` removes: the class is built by asking
 *   trim about every BMP code point (ECMAScript's WhiteSpace and LineTerminator are all in the
 *   BMP), so it cannot drift from the readers.
 * - ASCII case is ignored by writing each letter as `[aA]`; `(?i)` is not used because RE2 folds
 *   Unicode case too (the Kelvin sign would match `k`), where the readers fold A-Z only.
 * - Every character other than an ASCII letter or digit is written as `\x{hex}`, so no text can
 *   smuggle a metacharacter into a pattern.
 */

type CodePointRange = readonly [number, number];

const MAX_CODE_POINT = 0x10ffff;

/** The code points `trim` removes, as sorted ranges. */
export const TRIMMED_RANGES: readonly CodePointRange[] = Object.freeze(findTrimmedRanges());

const WHITESPACE = characterClass(TRIMMED_RANGES);
const NOT_WHITESPACE = characterClass(TRIMMED_RANGES, true);

const ASCII_DIGITS: CodePointRange = [0x30, 0x39];
const ASCII_UPPER: CodePointRange = [0x41, 0x5a];
const ASCII_LOWER: CodePointRange = [0x61, 0x7a];
const HYPHEN: CodePointRange = [0x2d, 0x2d];
/** Non-ASCII characters that are not whitespace: allowed in a domain label (internationalized names). */
const NON_ASCII_TEXT = withoutRanges([[0x80, MAX_CODE_POINT]], TRIMMED_RANGES);

/** A domain label: letters, digits, `-` or non-ASCII characters, not starting or ending with `-`. */
const LABEL_EDGE = characterClass([ASCII_DIGITS, ASCII_UPPER, ASCII_LOWER, ...NON_ASCII_TEXT]);
const LABEL_CHARACTER = characterClass([HYPHEN, ASCII_DIGITS, ASCII_UPPER, ASCII_LOWER, ...NON_ASCII_TEXT]);
const LABEL = `${LABEL_EDGE}(?:${LABEL_CHARACTER}*${LABEL_EDGE})?`;
const AT = literal('@');
const DOT = literal('.');

/**
 * Missing text as `readTextField` reads it: empty, whitespace only, or one of the placeholders
 * (already lower-case and trimmed in a fitted spec) with any whitespace around it, ASCII case
 * ignored. A placeholder that is not trimmed could never match a trimmed text, so it is left out.
 */
export function missingTextPattern(placeholders: readonly string[]): string {
  const alternatives = placeholders.filter((placeholder) => placeholder.length > 0 && placeholder.trim() === placeholder).map(literal);
  const placeholder = alternatives.length === 0 ? '' : `(?:${alternatives.join('|')})?`;
  return `${WHITESPACE}*${placeholder}${WHITESPACE}*`;
}

/**
 * An address `emailDomainKindCode` does not call invalid, apart from its last-label rule: no
 * whitespace, something before the last `@`, then at least two dot-separated labels. The domain
 * cannot contain `@`, so the `@` matched is the last one.
 */
export const EMAIL_SHAPE_PATTERN = `${WHITESPACE}*${NOT_WHITESPACE}+${AT}${LABEL}(?:${DOT}${LABEL})+${WHITESPACE}*`;

/** Text ending in `.` and digits only: for an address of the right shape, a last label that is all digits (invalid). */
export const DIGITS_LAST_LABEL_PATTERN = `(?s).*${DOT}[0-9]+${WHITESPACE}*`;

/**
 * Text whose part after its last `@` is one of the free-mail domains, ASCII case ignored; null
 * when no domain could ever match. A domain containing `@` can never equal the part after the
 * last `@`, and would let the pattern match at an earlier `@`, so it is left out.
 */
export function freeMailPattern(domains: readonly string[]): string | null {
  const alternatives = domains.filter((domain) => domain.length > 0 && !domain.includes('@')).map(literal);
  return alternatives.length === 0 ? null : `(?s).*${AT}(?:${alternatives.join('|')})${WHITESPACE}*`;
}

/** `text` as a pattern matching exactly it, ASCII letters in either case. */
export function literal(text: string): string {
  let pattern = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (inRange(code, ASCII_LOWER) || inRange(code, ASCII_UPPER)) pattern += `[${character.toLowerCase()}${character.toUpperCase()}]`;
    else if (inRange(code, ASCII_DIGITS)) pattern += character;
    else pattern += codePoint(code);
  }
  return pattern;
}

function characterClass(ranges: readonly CodePointRange[], negated = false): string {
  const members = ranges.map(([from, to]) => (from === to ? codePoint(from) : `${codePoint(from)}-${codePoint(to)}`)).join('');
  return `[${negated ? '^' : ''}${members}]`;
}

function codePoint(code: number): string {
  return `\\x{${code.toString(16)}}`;
}

function inRange(code: number, [from, to]: CodePointRange): boolean {
  return code >= from && code <= to;
}

function findTrimmedRanges(): CodePointRange[] {
  const ranges: [number, number][] = [];
  for (let code = 0; code <= 0xffff; code++) {
    if (String.fromCharCode(code).trim().length !== 0) continue;
    const last = ranges.at(-1);
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

/** The part of `ranges` outside the sorted, disjoint `removed` ranges. */
function withoutRanges(ranges: readonly CodePointRange[], removed: readonly CodePointRange[]): CodePointRange[] {
  const kept: CodePointRange[] = [];
  for (const [from, to] of ranges) {
    let start = from;
    for (const [removedFrom, removedTo] of removed) {
      if (removedTo < start || removedFrom > to) continue;
      if (removedFrom > start) kept.push([start, removedFrom - 1]);
      start = removedTo + 1;
    }
    if (start <= to) kept.push([start, to]);
  }
  return kept;
}
