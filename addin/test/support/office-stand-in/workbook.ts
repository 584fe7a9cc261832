/**
 * The stand-in's workbook: tables of cells on named worksheets and which table the selection is in.
 * Tests fill it through `window.officeStandIn` and read back what the pane wrote.
 */

export type Cell = string | number | boolean;

export interface WorkbookTable {
  name: string;
  worksheet: string;
  header: string[];
  rows: Cell[][];
  /** One number format per column (General when not given). */
  numberFormats: string[];
}

/** A rectangle of a table's cells; row -1 is the header row. */
export interface CellArea {
  table: WorkbookTable;
  row: number;
  rows: number;
  column: number;
  columns: number;
}

/** Errors as Office.js raises them: OfficeExtension.Error with a code from Excel.ErrorCodes. */
export class OfficeError extends Error {
  override name = 'RichApi.Error';
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };

  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.code = code;
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
}

export class StandInWorkbook {
  readonly tables: WorkbookTable[] = [];
  selectedTable: string | null = null;

  addTable(table: { name: string; worksheet?: string; header: string[]; rows: Cell[][]; numberFormats?: string[] }): void {
    if (this.findTable(table.name)) throw new Error(`A table named ${table.name} exists already`);
    this.tables.push({
      name: table.name,
      worksheet: table.worksheet ?? 'Sheet1',
      header: [...table.header],
      rows: table.rows.map((row) => table.header.map((_, index) => row[index] ?? '')),
      numberFormats: table.header.map((_, index) => table.numberFormats?.[index] ?? 'General'),
    });
  }

  findTable(name: string): WorkbookTable | undefined {
    return this.tables.find((table) => table.name.toLowerCase() === name.toLowerCase());
  }

  table(name: string, location: string): WorkbookTable {
    const table = this.findTable(name);
    if (!table) throw new OfficeError('ItemNotFound', "The requested resource doesn't exist.", location);
    return table;
  }

  cell(area: CellArea, row: number, column: number): Cell {
    return area.row + row < 0 ? area.table.header[area.column + column]! : area.table.rows[area.row + row]![area.column + column]!;
  }

  /** Cells outside the table are outside this stand-in's sheet: a test should never reach them. */
  checkInside(area: CellArea, location: string): CellArea {
    const { table } = area;
    const inside = area.row >= -1 && area.rows >= 1 && area.row + area.rows <= table.rows.length && area.column >= 0 && area.columns >= 1 && area.column + area.columns <= table.header.length;
    if (!inside) throw new OfficeError('InvalidArgument', `The range reaches outside table ${table.name} (rows ${area.row}..${area.row + area.rows - 1}, columns ${area.column}..${area.column + area.columns - 1})`, location);
    return area;
  }
}
