import { readTable, readTableRows, yieldToHost } from '../excel-gateway.ts';
import { excelSerialToIso } from '../scoring/column-mapping.ts';
import { rowsPerChunk } from '../scoring/score-table-run.ts';

export type DatasetCell = string | number | boolean | null;

export interface TableDatasetRows {
  columns: string[];
  rows: DatasetCell[][];
}

/**
 * A table's header and every data row, read a chunk at a time, as POST /v1/datasets takes them:
 * an empty cell is null and a date cell an ISO date, so the service profiles them as missing and as dates.
 */
export async function readTableDatasetRows(tableName: string, onProgress?: (progress: { done: number; total: number }) => void): Promise<TableDatasetRows> {
  const table = await readTable(tableName);
  const dates = table.columns.map((column) => table.dateColumns.includes(column));
  const chunk = rowsPerChunk(table.columns.length);
  const rows: DatasetCell[][] = [];
  for (let start = 0; start < table.rowCount; start += chunk) {
    for (const row of await readTableRows(tableName, start, Math.min(chunk, table.rowCount - start))) {
      rows.push(row.map((cell, index) => (cell === '' ? null : dates[index] && typeof cell === 'number' ? excelSerialToIso(cell) : cell)));
    }
    onProgress?.({ done: rows.length, total: table.rowCount });
    await yieldToHost();
  }
  return { columns: table.columns, rows };
}
