import { InvalidDataError, type DataLocation } from '../../invalid-data-error.ts';
import { formatCount } from '../message-text.ts';
import { columnIndexOfReference, columnLetters } from './cell-references.ts';
import { cellText, type CellTextContext, type RawCell } from './cell-text.ts';
import type { ZipArchive } from './zip-archive.ts';
import { parseXmlPart } from './xml-part.ts';

/** A row of the sheet that has at least one value: its 1-based sheet row number and its values by zero-based column. */
export interface SheetRow {
  number: number;
  values: [column: number, text: string][];
}

export interface SheetRowsContext extends CellTextContext {
  maxCellChars: number;
}

/**
 * Streams the rows of a worksheet part as its XML is inflated. Cells missing from a row (sparse
 * rows) are simply absent; rows without any value are skipped, as are the rows a sheet lists only
 * for their formatting. A cell's text is bounded by maxCellChars while it is read, so one huge
 * cell cannot exhaust memory.
 */
export async function* readSheetRows(archive: ZipArchive, part: string, context: SheetRowsContext): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let inSheetData = false;
  let row: SheetRow | undefined;
  let previousRowNumber = 0;
  let cell: (RawCell & { column: number }) | undefined;
  let previousColumn = -1;
  let inValue = false;
  let inInlineString = false;
  let phoneticDepth = 0;
  let inInlineText = false;

  // The first row with values is the header. Parsing runs ahead of the rows handed on, so the
  // location of a bad cell is worked out here: its data row, and its column's header text.
  let header: Map<number, string> | undefined;
  let rowsWithValues = 0;
  const locate = (column: number): DataLocation => {
    const sheetRow = row?.number ?? previousRowNumber + 1;
    const name = header?.get(column)?.trim();
    return { row: rowsWithValues, column: name || `cell ${columnLetters(column)}${sheetRow}` };
  };
  const tooLarge = () =>
    new InvalidDataError(`A value is longer than the limit of ${formatCount(context.maxCellChars)} characters`, locate(cell?.column ?? 0));

  const parts = parseXmlPart(archive.read(part), part, {
    open(name, attributes) {
      if (name === 'sheetData') {
        inSheetData = true;
      } else if (!inSheetData) {
        return;
      } else if (name === 'row') {
        const number = attributes.r === undefined ? previousRowNumber + 1 : Number(attributes.r);
        if (!Number.isSafeInteger(number) || number <= previousRowNumber) {
          throw new InvalidDataError(`The sheet lists row ${attributes.r} out of order (after row ${previousRowNumber}); save the workbook again in Excel`);
        }
        row = { number, values: [] };
        previousColumn = -1;
      } else if (name === 'c') {
        const column = attributes.r === undefined ? previousColumn + 1 : columnIndexOfReference(attributes.r);
        cell = { column, type: attributes.t, style: attributes.s === undefined ? 0 : Number(attributes.s), value: '', inlineText: '' };
      } else if (name === 'v') {
        inValue = true;
      } else if (name === 'is') {
        inInlineString = true;
      } else if (name === 'rPh') {
        phoneticDepth += 1;
      } else if (name === 't' && inInlineString && phoneticDepth === 0) {
        inInlineText = true;
      }
    },
    close(name) {
      if (name === 'sheetData') {
        inSheetData = false;
      } else if (name === 'v') {
        inValue = false;
      } else if (name === 't') {
        inInlineText = false;
      } else if (name === 'rPh') {
        phoneticDepth -= 1;
      } else if (name === 'is') {
        inInlineString = false;
      } else if (name === 'c' && cell && row) {
        const current = cell;
        const text = cellText(current, context, () => locate(current.column));
        if (text !== null) {
          if (text.length > context.maxCellChars) throw tooLarge();
          row.values.push([current.column, text]);
        }
        previousColumn = current.column;
        cell = undefined;
      } else if (name === 'row' && row) {
        if (row.values.length > 0) {
          header ??= new Map(row.values);
          rowsWithValues += 1;
          ready.push(row);
        }
        previousRowNumber = row.number;
        row = undefined;
      }
    },
    text(text) {
      if (!cell) return;
      if (inValue) {
        cell.value += text;
        if (cell.value.length > context.maxCellChars) throw tooLarge();
      } else if (inInlineText) {
        cell.inlineText += text;
        if (cell.inlineText.length > context.maxCellChars) throw tooLarge();
      }
    },
  });

  for await (const _ of parts) {
    for (const readyRow of ready) yield readyRow;
    ready.length = 0;
  }
}
