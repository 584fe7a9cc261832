/**
 * Office escapes characters that XML 1.0 cannot hold (control characters such as a carriage
 * return in a cell) as _xHHHH_; a literal "_x" sequence is itself escaped as _x005F_.
 */
const ESCAPED_CHARACTER = /_x([0-9A-Fa-f]{4})_/g;

export function decodeEscapedCharacters(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPED_CHARACTER, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
