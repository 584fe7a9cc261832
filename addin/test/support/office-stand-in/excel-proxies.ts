import { OfficeError, StandInWorkbook, type Cell, type CellArea, type WorkbookTable } from './workbook.ts';

/**
 * Excel's JavaScript object model as documented (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-core-concepts):
 * every object is a proxy; methods and property writes are queued; `load()` asks for properties and
 * `context.sync()` runs the queue in order, in one request, after which loaded properties can be
 * read. Reading a property that was not loaded throws PropertyNotLoaded; a request or a response
 * over 5 MB fails as it does in Excel on the web; a failing action rejects the sync.
 */

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

export interface SyncStats {
  syncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  /** Rows of the tallest range written in one sync. */
  largestWriteRows: number;
  cellsWritten: number;
}

interface QueuedAction {
  run: (response: { bytes: number }) => void;
  requestBytes: number;
}

function byteLength(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

export class RequestContext {
  readonly workbook: Workbook;
  readonly book: StandInWorkbook;
  readonly #stats: SyncStats;
  readonly #latencyMs: number;
  #queue: QueuedAction[] = [];

  constructor(book: StandInWorkbook, stats: SyncStats, latencyMs: number) {
    this.book = book;
    this.#stats = stats;
    this.#latencyMs = latencyMs;
    this.workbook = new Workbook(this);
  }

  enqueue(run: QueuedAction['run'], requestBytes = 0): void {
    this.#queue.push({ run, requestBytes });
  }

  noteWrite(rows: number, cells: number): void {
    this.#stats.largestWriteRows = Math.max(this.#stats.largestWriteRows, rows);
    this.#stats.cellsWritten += cells;
  }

  async sync(): Promise<void> {
    const batch = this.#queue;
    this.#queue = [];
    // A sync is a round trip to Excel: never synchronous, even when the queue is empty.
    await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
    const requestBytes = batch.reduce((total, action) => total + action.requestBytes, 0);
    this.#stats.syncs++;
    this.#stats.largestRequestBytes = Math.max(this.#stats.largestRequestBytes, requestBytes);
    if (requestBytes > PAYLOAD_LIMIT_BYTES) throw new OfficeError('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit. See the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".');
    const response = { bytes: 0 };
    for (const action of batch) action.run(response);
    this.#stats.largestResponseBytes = Math.max(this.#stats.largestResponseBytes, response.bytes);
    if (response.bytes > PAYLOAD_LIMIT_BYTES) throw new OfficeError('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit. See the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".');
  }
}

/** A proxy: resolved to what it stands for when the queue runs, its loaded properties kept after sync. */
abstract class ClientObject<T> {
  protected readonly context: RequestContext;
  readonly #resolve: () => T;
  #target: { value: T } | undefined;
  readonly #loaded = new Map<string, unknown>();

  constructor(context: RequestContext, resolve: () => T) {
    this.context = context;
    this.#resolve = resolve;
  }

  /** What the proxy stands for; only called while the queue runs. */
  protected target(): T {
    this.#target ??= { value: this.#resolve() };
    return this.#target.value;
  }

  protected abstract readProperty(target: T, name: string): unknown;

  load(properties?: string | string[] | { select?: string }): this {
    const names = (typeof properties === 'string' ? properties.split(',') : Array.isArray(properties) ? properties : (properties?.select?.split(',') ?? [])).map((name) => name.trim()).filter(Boolean);
    this.context.enqueue((response) => {
      const target = this.target();
      for (const name of names) {
        const value = this.readProperty(target, name);
        response.bytes += byteLength(value);
        this.#loaded.set(name, value);
      }
    });
    return this;
  }

  protected loaded<V>(name: string): V {
    if (!this.#loaded.has(name)) {
      throw new OfficeError('PropertyNotLoaded', `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    }
    return this.#loaded.get(name) as V;
  }

  protected unknownProperty(name: string): never {
    throw new OfficeError('PropertyNotFound', `The property '${name}' is not part of this object in the stand-in Office host.`);
  }
}

/** A range inside a table, or (null) a cell outside every table. */
export class Range extends ClientObject<CellArea | null> {
  get values(): Cell[][] {
    return this.loaded('values');
  }

  set values(values: Cell[][]) {
    this.context.enqueue(() => {
      const area = this.target();
      if (!area) throw new OfficeError('InvalidArgument', 'The stand-in sheet has cells only inside tables', 'Range.values');
      if (values.length !== area.rows || values.some((row) => row.length !== area.columns)) {
        throw new OfficeError('InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.", 'Range.values');
      }
      values.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (area.row + r < 0) area.table.header[area.column + c] = String(cell);
          else area.table.rows[area.row + r]![area.column + c] = cell;
        }),
      );
      this.context.noteWrite(area.rows, area.rows * area.columns);
    }, byteLength(values));
  }

  get numberFormat(): string[][] {
    return this.loaded('numberFormat');
  }
  get rowCount(): number {
    return this.loaded('rowCount');
  }
  get columnCount(): number {
    return this.loaded('columnCount');
  }
  get address(): string {
    return this.loaded('address');
  }

  protected readProperty(area: CellArea | null, name: string): unknown {
    if (!area) return name === 'address' ? 'Sheet1!A1' : name === 'rowCount' || name === 'columnCount' ? 1 : [['']];
    const grid = (pick: (r: number, c: number) => unknown) => Array.from({ length: area.rows }, (_, r) => Array.from({ length: area.columns }, (_, c) => pick(r, c)));
    switch (name) {
      case 'values':
        return grid((r, c) => this.context.book.cell(area, r, c));
      case 'numberFormat':
        return grid((_, c) => area.table.numberFormats[area.column + c]);
      case 'rowCount':
        return area.rows;
      case 'columnCount':
        return area.columns;
      case 'address':
        return `${area.table.worksheet}!R${area.row + 2}C${area.column + 1}:R${area.row + area.rows + 1}C${area.column + area.columns}`;
      default:
        return this.unknownProperty(name);
    }
  }

  private derived(location: string, change: (area: CellArea) => CellArea): Range {
    return new Range(this.context, () => {
      const area = this.target();
      if (!area) throw new OfficeError('InvalidArgument', 'The stand-in sheet has cells only inside tables', location);
      return this.context.book.checkInside(change(area), location);
    });
  }

  getRow(index: number): Range {
    return this.derived('Range.getRow', (area) => ({ ...area, row: area.row + index, rows: 1 }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): Range {
    return this.derived('Range.getResizedRange', (area) => ({ ...area, rows: area.rows + deltaRows, columns: area.columns + deltaColumns }));
  }

  getTables(fullyContained = false): TableScopedCollection {
    return new TableScopedCollection(this.context, () => {
      const area = this.target();
      if (!area) return [];
      const contained = area.row >= -1 && area.row + area.rows <= area.table.rows.length && area.column >= 0 && area.column + area.columns <= area.table.header.length;
      return !fullyContained || contained ? [area.table] : [];
    });
  }
}

export class TableScopedCollection extends ClientObject<WorkbookTable[]> {
  protected readProperty(tables: WorkbookTable[], name: string): unknown {
    return name === 'count' ? tables.length : this.unknownProperty(name);
  }

  getFirst(): Table {
    return new Table(this.context, () => {
      const first = this.target()[0];
      if (!first) throw new OfficeError('ItemNotFound', "The requested resource doesn't exist.", 'TableScopedCollection.getFirst');
      return first;
    });
  }
}

export class Worksheet extends ClientObject<string> {
  get name(): string {
    return this.loaded('name');
  }
  protected readProperty(name: string, property: string): unknown {
    return property === 'name' ? name : this.unknownProperty(property);
  }
}

export class Table extends ClientObject<WorkbookTable> {
  get name(): string {
    return this.loaded('name');
  }

  get worksheet(): Worksheet {
    return new Worksheet(this.context, () => this.target().worksheet);
  }

  get columns(): TableColumnCollection {
    return new TableColumnCollection(this.context, () => this.target());
  }

  protected readProperty(table: WorkbookTable, name: string): unknown {
    return name === 'name' ? table.name : this.unknownProperty(name);
  }

  getHeaderRowRange(): Range {
    return new Range(this.context, () => {
      const table = this.target();
      return { table, row: -1, rows: 1, column: 0, columns: table.header.length };
    });
  }

  getDataBodyRange(): Range {
    return new Range(this.context, () => {
      const table = this.target();
      return { table, row: 0, rows: Math.max(1, table.rows.length), column: 0, columns: table.header.length };
    });
  }
}

export class TableColumn extends ClientObject<{ table: WorkbookTable; index: number }> {
  get name(): string {
    return this.loaded('name');
  }
  get index(): number {
    return this.loaded('index');
  }

  protected readProperty({ table, index }: { table: WorkbookTable; index: number }, name: string): unknown {
    return name === 'name' ? table.header[index] : name === 'index' ? index : this.unknownProperty(name);
  }

  getDataBodyRange(): Range {
    return new Range(this.context, () => {
      const { table, index } = this.target();
      return { table, row: 0, rows: Math.max(1, table.rows.length), column: index, columns: 1 };
    });
  }
}

export class TableColumnCollection extends ClientObject<WorkbookTable> {
  protected readProperty(table: WorkbookTable, name: string): unknown {
    return name === 'count' ? table.header.length : this.unknownProperty(name);
  }

  getItem(key: string | number): TableColumn {
    return new TableColumn(this.context, () => {
      const table = this.target();
      const index = typeof key === 'number' ? key : table.header.findIndex((name) => name.toLowerCase() === key.toLowerCase());
      if (index < 0 || index >= table.header.length) throw new OfficeError('ItemNotFound', "The requested resource doesn't exist.", 'TableColumnCollection.getItem');
      return { table, index };
    });
  }

  /** Adds a column at `index` (default: the right end); a name already taken gets a number, as Excel does. */
  add(index?: number | null, values?: Cell[][] | Cell, name?: string): TableColumn {
    let added: { table: WorkbookTable; index: number } | undefined;
    this.context.enqueue(() => {
      const table = this.target();
      const at = index === undefined || index === null ? table.header.length : index;
      if (at < 0 || at > table.header.length) throw new OfficeError('InvalidArgument', 'The index is out of range', 'TableColumnCollection.add');
      const taken = new Set(table.header.map((header) => header.toLowerCase()));
      let unique = name ?? `Column${table.header.length + 1}`;
      for (let suffix = 2; taken.has(unique.toLowerCase()); suffix++) unique = `${name ?? 'Column'}${suffix}`;
      table.header.splice(at, 0, unique);
      table.numberFormats.splice(at, 0, 'General');
      table.rows.forEach((row, r) => row.splice(at, 0, Array.isArray(values) ? (values[r + 1]?.[0] ?? '') : (values ?? '')));
      added = { table, index: at };
    }, byteLength(values ?? null));
    return new TableColumn(this.context, () => {
      if (!added) throw new OfficeError('InvalidObjectPath', 'The column was used before the sync that adds it', 'TableColumnCollection.add');
      return added;
    });
  }
}

export class TableCollection extends ClientObject<StandInWorkbook> {
  protected readProperty(book: StandInWorkbook, name: string): unknown {
    return name === 'count' ? book.tables.length : this.unknownProperty(name);
  }

  getItem(key: string): Table {
    return new Table(this.context, () => this.target().table(key, 'TableCollection.getItem'));
  }
}

export class Workbook extends ClientObject<StandInWorkbook> {
  constructor(context: RequestContext) {
    super(context, () => context.book);
  }

  get tables(): TableCollection {
    return new TableCollection(this.context, () => this.target());
  }

  protected readProperty(_book: StandInWorkbook, name: string): unknown {
    return this.unknownProperty(name);
  }

  /** The selection: the first data cell of the selected table, or a cell outside every table. */
  getSelectedRange(): Range {
    return new Range(this.context, () => {
      const book = this.target();
      const table = book.selectedTable ? book.findTable(book.selectedTable) : undefined;
      return table ? { table, row: 0, rows: 1, column: 0, columns: 1 } : null;
    });
  }
}

/** `Excel.run`: a fresh request context per batch, synced once more when the batch returns. */
export function createExcelRun(book: StandInWorkbook, stats: SyncStats, options: { syncLatencyMs: number }) {
  return async function run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T> {
    const context = new RequestContext(book, stats, options.syncLatencyMs);
    const result = await batch(context);
    await context.sync();
    return result;
  };
}

export function emptySyncStats(): SyncStats {
  return { syncs: 0, largestRequestBytes: 0, largestResponseBytes: 0, largestWriteRows: 0, cellsWritten: 0 };
}
