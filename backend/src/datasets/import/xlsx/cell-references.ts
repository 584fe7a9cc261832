import { InvalidDataError } from '../../invalid-data-error.ts';

/** Excel's last column, XFD. */
export const MAX_SHEET_COLUMNS = 16_384;

/** The zero-based column of a cell reference such as "AB12". */
export function columnIndexOfReference(reference: string): number {
  let index = 0;
  let letters = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    const upper = code >= 97 && code <= 122 ? code - 32 : code;
    if (upper < 65 || upper > 90) break;
    index = index * 26 + (upper - 64);
    letters += 1;
  }
  if (letters === 0 || index > MAX_SHEET_COLUMNS) {
    throw new InvalidDataError(`The sheet has a cell with the invalid reference ${JSON.stringify(reference)}; save the workbook again in Excel`);
  }
  return index - 1;
}

/** The letters of a zero-based column index: 0 is "A", 27 is "AB". */
export function columnLetters(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
