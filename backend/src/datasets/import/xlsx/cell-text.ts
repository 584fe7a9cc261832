import { InvalidDataError, type DataLocation } from '../../invalid-data-error.ts';
import type { DateKind } from './date-formats.ts';
import { decodeEscapedCharacters } from './escaped-characters.ts';
import { excelSerialToIso } from './excel-dates.ts';

export interface CellTextContext {
  sharedStrings: readonly string[];
  /** Per cell style index: the kind of date its number format shows, if any. */
  dateStyles: readonly (DateKind | undefined)[];
  date1904: boolean;
}

/** A cell as the sheet XML holds it: its type attribute, style index, <v> text and inline string. */
export interface RawCell {
  type: string | undefined;
  style: number;
  value: string;
  inlineText: string;
}

/**
 * The text of a cell, as Scorebridge stores every source's cells: numbers in JavaScript's shortest
 * form, booleans as "true"/"false", dates as ISO 8601 when the cell's format shows a date, and
 * null for an empty cell. Error values (#N/A, #DIV/0!) are null too: they say that there is no
 * value, and the text would make a numeric column look like text.
 */
export function cellText(cell: RawCell, context: CellTextContext, location: () => DataLocation): string | null {
  let text: string;
  switch (cell.type) {
    case 's': {
      if (cell.value === '') return null;
      const index = Number(cell.value);
      const shared = context.sharedStrings[index];
      if (shared === undefined) {
        throw new InvalidDataError(`A cell refers to shared string ${cell.value}, which the workbook does not have; save the workbook again in Excel`, location());
      }
      text = shared;
      break;
    }
    case 'inlineStr':
      // Some writers put an inline string's text in <v> rather than <is>.
      text = decodeEscapedCharacters(cell.inlineText || cell.value);
      break;
    case 'str':
      text = decodeEscapedCharacters(cell.value);
      break;
    case 'b':
      text = cell.value === '' ? '' : cell.value === '1' || cell.value === 'true' ? 'true' : 'false';
      break;
    case 'e':
      return null;
    case 'd':
      text = cell.value;
      break;
    default:
      text = numberText(cell, context);
  }
  return text === '' ? null : text;
}

function numberText(cell: RawCell, context: CellTextContext): string {
  if (cell.value === '') return '';
  const number = Number(cell.value);
  if (!Number.isFinite(number)) return cell.value;
  const dateKind = context.dateStyles[cell.style];
  if (dateKind !== undefined) return excelSerialToIso(number, dateKind, context.date1904) ?? String(number);
  return String(number);
}
