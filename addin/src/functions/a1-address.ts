/**
 * Range addresses as Excel reports them (`Sheet1!A2:F2`, `'Q3 leads'!$B$7`), read into a sheet
 * name and 1-based row and column bounds.
 */

export interface RangeBounds {
  sheet: string;
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
}

const CELL_PATTERN = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters.toUpperCase()) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

function splitSheet(address: string): { sheet: string; cells: string } | null {
  const bang = address.lastIndexOf('!');
  if (bang <= 0) return null;
  const rawSheet = address.slice(0, bang);
  const sheet = rawSheet.startsWith("'") && rawSheet.endsWith("'") ? rawSheet.slice(1, -1).replaceAll("''", "'") : rawSheet;
  return { sheet, cells: address.slice(bang + 1) };
}

/** The bounds of a single-area address with its sheet; null for anything else (names, whole columns, several areas). */
export function parseRangeAddress(address: string): RangeBounds | null {
  const parts = splitSheet(address.trim());
  if (!parts || parts.cells.includes(',')) return null;
  const [from = '', to = from, ...rest] = parts.cells.split(':');
  if (rest.length > 0) return null;
  const first = CELL_PATTERN.exec(from);
  const last = CELL_PATTERN.exec(to);
  if (!first || !last) return null;
  const rows = [Number(first[2]), Number(last[2])];
  const columns = [columnNumber(first[1]!), columnNumber(last[1]!)];
  return { sheet: parts.sheet, firstRow: Math.min(...rows), lastRow: Math.max(...rows), firstColumn: Math.min(...columns), lastColumn: Math.max(...columns) };
}
