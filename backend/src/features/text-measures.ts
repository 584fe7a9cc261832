/**
 * Measures of free text, defined so that another runtime can reproduce them: length counts Unicode
 * code points (not UTF-16 units, so an emoji is 1), and a word is a maximal run of characters that
 * are not whitespace, with whitespace meaning exactly what JavaScript's `trim` removes.
 */

export function codePointLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    length += 1;
  }
  return length;
}

export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index += 1) {
    const whitespace = isWhitespace(text.charCodeAt(index));
    if (!whitespace && !inWord) words += 1;
    inWord = !whitespace;
  }
  return words;
}

/** The characters `String.prototype.trim` removes: ECMAScript WhiteSpace and LineTerminator. */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
