import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../src/db/client.ts';
import { syntheticTableStream, writeCsv } from '../src/synthetic/index.ts';
import { insertWorkspace } from '../src/workspaces/workspaces.repo.ts';
import { positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';
import { forkChild } from './child-process.ts';
import type { ImportCaseMode, ImportCaseResult } from './dataset-import.child.ts';
import { toMiB } from './memory-sampler.ts';

/**
 * Import of a large generated CSV file through the real path: openTable (streaming CSV reader)
 * into importTable (rows into gzip-compressed chunks in PostgreSQL, content hash and profile in
 * the same pass, one transaction). Beside it, in the same run and on the same file:
 *
 *   a. parsing alone (openTable, batches dropped)
 *   b. parsing and profiling, no database; the time inside the profiler is shown on its own
 *   c. the real import (importTable)
 *   d. storing without the profile (writeSnapshot with no profiler), into another workspace
 *
 * Each case runs in a fresh child process (dataset-import.child.ts), so that its peak memory is
 * that of the case alone, not of the generator or of an earlier case.
 */

export const name = 'dataset-import';

const CHILD_SCRIPT = fileURLToPath(new URL('./dataset-import.child.ts', import.meta.url));
const SEED = 20_260_630;

interface CaseSpec {
  label: string;
  mode: ImportCaseMode;
  workspaceId?: string;
}

async function runCase(spec: CaseSpec, csvPath: string, databaseUrl: string): Promise<ImportCaseResult> {
  const child = forkChild(CHILD_SCRIPT);
  try {
    return await child.request<ImportCaseResult>('run', { mode: spec.mode, csvPath, databaseUrl, ...(spec.workspaceId ? { workspaceId: spec.workspaceId } : {}) });
  } finally {
    await child.stop();
  }
}

export async function run({ databaseUrl, progress }: BenchContext): Promise<BenchResult> {
  const rows = positiveNumberFromEnv('BENCH_IMPORT_ROWS', 1_000_000);
  if (!Number.isSafeInteger(rows)) throw new Error(`BENCH_IMPORT_ROWS must be a whole number (got ${rows})`);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-bench-import-'));
  const csvPath = path.join(directory, `leads-${rows}.csv`);
  const database = createDatabase({ url: databaseUrl, poolMax: 2 });
  try {
    progress(`generating ${rows.toLocaleString('en')} synthetic leads as CSV (not timed)`);
    const generationStarted = performance.now();
    const written = await writeCsv(syntheticTableStream({ object: 'Lead', rows, seed: SEED }), csvPath);
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    const csvBytes = statSync(csvPath).size;
    if (written.rows !== rows) throw new Error(`The generator wrote ${written.rows} rows, not ${rows}`);

    const importWorkspace = await insertWorkspace(database.db, { name: 'Import benchmark', slug: 'bench-import' });
    const storeWorkspace = await insertWorkspace(database.db, { name: 'Store benchmark', slug: 'bench-store' });
    const cases: CaseSpec[] = [
      { label: 'a. parse only: openTable, batches dropped', mode: 'parse' },
      { label: 'b. parse + profile (no database)', mode: 'profile' },
      { label: 'c. real import: openTable → importTable', mode: 'import', workspaceId: importWorkspace.id },
      { label: 'd. parse + store without profile (writeSnapshot)', mode: 'store', workspaceId: storeWorkspace.id },
    ];
    const results = new Map<ImportCaseMode, ImportCaseResult>();
    let chunksRelationBytes = 0;
    for (const spec of cases) {
      progress(`${spec.label}: ${rows.toLocaleString('en')} rows in a child process`);
      const result = await runCase(spec, csvPath, databaseUrl);
      if (result.rows !== rows) throw new Error(`${spec.label} saw ${result.rows} rows, not ${rows}`);
      results.set(spec.mode, result);
      progress(`${spec.label}: ${result.wallSeconds.toFixed(1)} s`);
      if (spec.mode === 'import') {
        // Measured before case d adds a second copy of the rows to the same table.
        const [size] = await database.sql<{ bytes: string }[]>`select pg_total_relation_size('dataset_chunks') as bytes`;
        chunksRelationBytes = Number(size!.bytes);
      }
    }

    const imported = results.get('import')!;
    const stored = results.get('store')!;
    if (!imported.dataset?.created) throw new Error('The import did not create a new dataset');
    const [chunks] = await database.sql<{ chunks: string; data_bytes: string; column_bytes: string }[]>`
      select count(*) as chunks, sum(octet_length(data)) as data_bytes, sum(pg_column_size(data)) as column_bytes
      from dataset_chunks where dataset_id = ${imported.dataset.id}`;
    const [profileRow] = await database.sql<{ has_profile: boolean; profile_bytes: number | null }[]>`
      select profile is not null as has_profile, pg_column_size(profile) as profile_bytes from datasets where id = ${imported.dataset.id}`;
    if (!profileRow?.has_profile) throw new Error('The imported dataset has no profile');

    const csvMiB = toMiB(csvBytes);
    const table: Cell[][] = cases.flatMap((spec) => {
      const result = results.get(spec.mode)!;
      const { memory } = result;
      const row: Cell[] = [
        spec.label,
        result.rows,
        result.wallSeconds,
        Math.round(result.rows / result.wallSeconds),
        csvMiB / result.wallSeconds,
        result.cpuSeconds,
        toMiB(memory.peakRss),
        toMiB(memory.peakRss - memory.rssAtStart),
        toMiB(memory.peakHeapUsed),
        toMiB(memory.processMaxRss),
      ];
      if (spec.mode !== 'profile' || result.profilerSeconds === undefined) return [row];
      const profilerSeconds = result.profilerSeconds;
      return [row, ['b′. profiling alone: time inside the profiler during b', result.rows, profilerSeconds, Math.round(result.rows / profilerSeconds), '-', '-', '-', '-', '-', '-']];
    });

    const parse = results.get('parse')!;
    const profile = results.get('profile')!;
    const share = (part: number) => `${((100 * part) / imported.wallSeconds).toFixed(0)}%`;
    const storedBytes = imported.dataset.sizeBytes;
    const notes: string[] = [
      `Input: ${rows.toLocaleString('en')} synthetic leads (syntheticTableStream, seed ${SEED}, default flaws: placeholders, category typos, missing values, ~1% exact duplicate rows and ~1% repeated ids), ${imported.columns} columns, written by writeCsv to a temporary CSV of ${csvMiB.toFixed(1)} MiB (${(csvBytes / rows).toFixed(0)} bytes per row) in ${generationSeconds.toFixed(1)} s before any case; generation is not timed. BENCH_IMPORT_ROWS sets the row count.`,
      'Each case runs in a fresh child process (dataset-import.child.ts) on the same file, one after another, so that its memory figures belong to that case alone. The file was just written and is in the page cache: disk reads are not part of the figures. MiB = 2^20 bytes.',
      'wall s: from openTable to the last batch (to the committed dataset for c and d). CPU s: user + system time of the child process over the same span, all its threads (zlib runs on the libuv pool, so CPU s can exceed wall s); PostgreSQL\'s own CPU is not in it.',
      'Memory: process.memoryUsage() sampled every 100 ms during the case. RSS growth is the peak minus the RSS when the case started (modules loaded, nothing read). Kernel max RSS is process.resourceUsage().maxRSS of the child, the true high-water mark including anything between samples; largest gaps between samples: ' +
        cases.map((spec) => `${spec.mode} ${results.get(spec.mode)!.memory.maxGapMs.toFixed(0)} ms`).join(', ') +
        '.',
      `Where the import's time goes (separate cases on the same file): parsing ${parse.wallSeconds.toFixed(1)} s (a, ${share(parse.wallSeconds)} of c's wall time); the profiler's own work ${(profile.profilerSeconds ?? 0).toFixed(1)} s (b′, ${share(profile.profilerSeconds ?? 0)}); storing without a profile ${(stored.wallSeconds - parse.wallSeconds).toFixed(1)} s more than parsing (d − a: JSON per row, SHA-256, gzip level 4, chunk inserts, commit). In CPU time: b + d − a = ${(profile.cpuSeconds + stored.cpuSeconds - parse.cpuSeconds).toFixed(1)} s against c's ${imported.cpuSeconds.toFixed(1)} s. In wall time c took ${imported.wallSeconds.toFixed(1)} s against b + d − a = ${(profile.wallSeconds + stored.wallSeconds - parse.wallSeconds).toFixed(1)} s. Wall minus CPU time (positive when the child waited — for PostgreSQL, or descheduled on this shared machine, which this benchmark does not tell apart; negative when gzip on the thread pool ran beside the main thread): c ${(imported.wallSeconds - imported.cpuSeconds).toFixed(1)} s, d ${(stored.wallSeconds - stored.cpuSeconds).toFixed(1)} s. writeSnapshot handles each 5,000-row batch's steps one after another (parse, JSON and hash, profile, gzip, insert, each awaited), so no batch's insert overlaps the next batch's parsing.`,
      `Stored size: ${toMiB(storedBytes).toFixed(1)} MiB of gzip chunks (datasets.size_bytes) in ${chunks!.chunks} chunks for the ${csvMiB.toFixed(1)} MiB CSV, ${((100 * storedBytes) / csvBytes).toFixed(1)}% of it; PostgreSQL stores those columns in ${toMiB(Number(chunks!.column_bytes)).toFixed(1)} MiB (pg_column_size), and the dataset_chunks table with its index and TOAST was ${toMiB(chunksRelationBytes).toFixed(1)} MiB after the import. The profile is ${((profileRow.profile_bytes ?? 0) / 1024).toFixed(1)} KiB of jsonb.`,
      `Same content both ways: d's content hash ${stored.dataset?.contentHash === imported.dataset.contentHash ? 'equals' : 'DIFFERS FROM'} c's, and its chunks total ${toMiB(stored.dataset?.sizeBytes ?? 0).toFixed(1)} MiB.`,
      'This machine is shared and noisy: compare cases within one run, not figures across runs.',
    ];
    return {
      title: `Dataset import: ${rows.toLocaleString('en')} generated leads from CSV into PostgreSQL`,
      columns: ['case', 'rows', 'wall s', 'rows/s', 'CSV MiB/s', 'CPU s', 'peak RSS MiB', 'RSS growth MiB', 'peak heap MiB', 'kernel max RSS MiB'],
      rows: table,
      notes,
    };
  } finally {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
