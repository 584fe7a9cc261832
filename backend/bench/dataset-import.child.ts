import path from 'node:path';
import { importTable } from '../src/datasets/datasets.service.ts';
import { openTable } from '../src/datasets/import/index.ts';
import { createProfiler } from '../src/datasets/profile/index.ts';
import { writeSnapshot } from '../src/datasets/snapshot-writer.ts';
import { createDatabase } from '../src/db/client.ts';
import { serveParent } from './child-process.ts';
import { cpuSeconds, sampleMemory, type MemoryPeaks } from './memory-sampler.ts';

/**
 * One case of dataset-import.bench.ts, in a process of its own so that its peak memory is that of
 * the case alone: `run` with `{ mode, csvPath, databaseUrl?, workspaceId? }` answers an ImportCaseResult.
 *
 *   parse    openTable, every batch read and dropped
 *   profile  openTable into createProfiler (no database); the time inside the profiler is measured apart
 *   store    openTable into writeSnapshot without a profiler (JSON, content hash, gzip, chunk inserts)
 *   import   openTable into importTable: the real import (store and profile in one pass)
 */

/** The parent imports only types from this file: importing its values would start serving. */
export type ImportCaseMode = 'parse' | 'profile' | 'store' | 'import';

export interface ImportCaseResult {
  mode: ImportCaseMode;
  rows: number;
  columns: number;
  wallSeconds: number;
  /** CPU time of this process (all threads: the main thread, GC, zlib on the thread pool) during the case. */
  cpuSeconds: number;
  memory: MemoryPeaks;
  /** profile: seconds spent inside profiler.add and profiler.finish. */
  profilerSeconds?: number;
  dataset?: { id: string; rowCount: number; sizeBytes: number; contentHash: string; created: boolean };
}

interface RunRequest {
  mode: ImportCaseMode;
  csvPath: string;
  databaseUrl?: string;
  workspaceId?: string;
}

async function runCase({ mode, csvPath, databaseUrl, workspaceId }: RunRequest): Promise<ImportCaseResult> {
  const needsDatabase = mode === 'store' || mode === 'import';
  if (needsDatabase && (!databaseUrl || !workspaceId)) throw new Error(`${mode} needs databaseUrl and workspaceId`);
  const database = needsDatabase ? createDatabase({ url: databaseUrl!, poolMax: 2 }) : undefined;
  try {
    // The connection is opened before the clock starts; the import then runs on it.
    if (database) await database.sql`select 1`;
    const cpuBefore = cpuSeconds();
    const sampler = sampleMemory(100);
    const started = performance.now();
    let rows = 0;
    let columns = 0;
    let profilerSeconds: number | undefined;
    let dataset: ImportCaseResult['dataset'];
    const table = await openTable(csvPath);
    columns = table.columns.length;
    const snapshotInput = {
      workspaceId: workspaceId!,
      name: `${path.basename(csvPath)} (${mode})`,
      source: 'file' as const,
      origin: { fileName: path.basename(csvPath), format: table.format },
      createdByUserId: null,
      table,
    };
    if (mode === 'parse') {
      for await (const batch of table.batches) rows += batch.length;
    } else if (mode === 'profile') {
      const profiler = createProfiler(table.columns);
      let inside = 0;
      for await (const batch of table.batches) {
        const before = performance.now();
        profiler.add(batch);
        inside += performance.now() - before;
        rows += batch.length;
      }
      const before = performance.now();
      profiler.finish();
      inside += performance.now() - before;
      profilerSeconds = inside / 1000;
    } else {
      const { dataset: row, created } = mode === 'import' ? await importTable(database!.db, snapshotInput) : await writeSnapshot(database!.db, snapshotInput);
      rows = row.rowCount;
      dataset = { id: row.id, rowCount: row.rowCount, sizeBytes: row.sizeBytes, contentHash: row.contentHash, created };
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const memory = sampler.stop();
    return { mode, rows, columns, wallSeconds, cpuSeconds: cpuSeconds() - cpuBefore, memory, ...(profilerSeconds === undefined ? {} : { profilerSeconds }), ...(dataset ? { dataset } : {}) };
  } finally {
    await database?.close();
  }
}

serveParent({ run: (message) => runCase(message as unknown as RunRequest) });
