import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { redactUrl } from '../src/config.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import type { Benchmark, BenchContext, BenchResult, Cell } from './benchmark.ts';

/**
 * `npm run bench [-- <name>...]`: runs every `*.bench.ts` module in this folder (or the named
 * ones), one after another, and prints each result as a Markdown table on stdout. Progress and
 * errors go to stderr. A failing benchmark is reported and makes the exit code 1; the others
 * still run.
 *
 * Database: the server at DATABASE_URL when it is set, otherwise an embedded PostgreSQL in a
 * temporary directory, stopped at the end. Each benchmark gets a fresh database on that server
 * (CREATE DATABASE + every migration), dropped afterwards.
 */

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const BENCH_SUFFIX = '.bench.ts';

const write = (text: string) => process.stdout.write(text);
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(BENCH_SUFFIX))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const loaded = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as Partial<Benchmark>;
    if (typeof loaded.name !== 'string' || typeof loaded.run !== 'function') {
      throw new Error(`${file} must export a string \`name\` and an async function \`run\``);
    }
    benchmarks.push({ name: loaded.name, run: loaded.run.bind(loaded) });
  }
  return benchmarks;
}

interface DatabaseServer {
  /** URL of a database on the server from which databases can be created and dropped. */
  adminUrl: string;
  description: string;
  stop(): Promise<void>;
}

async function openDatabaseServer(): Promise<DatabaseServer> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const version = await serverVersion(fromEnv);
    return { adminUrl: fromEnv, description: `PostgreSQL ${version} at DATABASE_URL (${redactUrl(fromEnv)})`, stop: async () => {} };
  }
  progress('DATABASE_URL is unset: starting an embedded PostgreSQL');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-bench-pg-'));
  // mkdtemp makes the directory private; as root, the server runs as `postgres` and must enter it.
  chmodSync(dataDir, 0o755);
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger: createLogger({ level: 'warn', format: 'json', destination: process.stderr }) });
    const version = await serverVersion(embedded.url);
    return {
      adminUrl: embedded.url,
      description: `embedded PostgreSQL ${version} (DATABASE_URL unset), data in a temporary directory`,
      async stop() {
        try {
          await embedded.stop();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function serverVersion(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`;
    return row?.server_version ?? 'unknown';
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onServer<T>(adminUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function createFreshDatabase(adminUrl: string, benchName: string): Promise<{ name: string; url: string }> {
  const name = `sbbench_${benchName.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(3).toString('hex')}`;
  await onServer(adminUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = withDatabaseName(adminUrl, name);
  try {
    await runMigrations(url);
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  return { name, url };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await onServer(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

function machineSection(database: string): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return [
    '# Scorebridge benchmarks',
    '',
    `- machine: ${model}, ${cpus.length} cores (${os.availableParallelism()} available), ${memoryGiB} GiB RAM, ${os.platform()} ${os.release()} ${os.arch()}`,
    `- node: ${process.version}`,
    `- database: ${database}`,
    `- started: ${new Date().toISOString()}`,
    '',
    '',
  ].join('\n');
}

function formatCell(cell: Cell): string {
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : cell.toFixed(2);
  return cell.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function renderResult(name: string, result: BenchResult, seconds: number): string {
  const width = result.columns.length;
  for (const [index, row] of result.rows.entries()) {
    if (row.length !== width) throw new Error(`Row ${index + 1} of ${name} has ${row.length} cells for ${width} columns`);
  }
  // A column whose cells are all numbers (placeholders such as "-" aside) is right-aligned.
  const numeric = result.columns.map((_, column) => result.rows.some((row) => typeof row[column] === 'number') && result.rows.every((row) => typeof row[column] === 'number' || row[column] === '-'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `## ${result.title}`,
    '',
    `\`${name}\`, ${seconds.toFixed(0)} s`,
    '',
    line(result.columns.map((column) => formatCell(column))),
    line(numeric.map((right) => (right ? '---:' : '---'))),
    ...result.rows.map((row) => line(row.map(formatCell))),
    '',
    ...(result.notes.length > 0 ? ['Notes:', '', ...result.notes.map((note) => `- ${note}`), ''] : []),
    '',
  ].join('\n');
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `\ncaused by: ${error.cause.message}` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

async function main(): Promise<number> {
  const benchmarks = await loadBenchmarks();
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !benchmarks.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}. Available: ${benchmarks.map((bench) => bench.name).join(', ') || '(none)'}`);
    return 1;
  }
  const chosen = requested.length === 0 ? benchmarks : benchmarks.filter((bench) => requested.includes(bench.name));

  const server = await openDatabaseServer();
  let failures = 0;
  try {
    write(machineSection(server.description));
    for (const bench of chosen) {
      const started = performance.now();
      progress(`${bench.name}: creating its database`);
      let database: { name: string; url: string } | undefined;
      try {
        database = await createFreshDatabase(server.adminUrl, bench.name);
        const context: BenchContext = { databaseUrl: database.url, progress: (message) => progress(`${bench.name}: ${message}`) };
        const result = await bench.run(context);
        write(renderResult(bench.name, result, (performance.now() - started) / 1000));
      } catch (error) {
        failures += 1;
        console.error(`[bench] ${bench.name} failed:`, error);
        write([`## ${bench.name}: FAILED`, '', '```', describeError(error), '```', '', ''].join('\n'));
      } finally {
        if (database) {
          try {
            await dropDatabase(server.adminUrl, database.name);
          } catch (error) {
            failures += 1;
            console.error(`[bench] could not drop the database ${database.name} of ${bench.name}:`, error);
          }
        }
      }
    }
  } finally {
    await server.stop();
  }
  if (failures > 0) progress(`${failures} failure(s); exit code 1`);
  return failures > 0 ? 1 : 0;
}

// Ctrl-C: exit through process.exit so that 'exit' handlers run (the embedded server stops with them).
process.once('SIGINT', () => process.exit(130));

try {
  process.exitCode = await main();
} catch (error) {
  console.error('[bench] could not run the benchmarks:', error);
  process.exitCode = 1;
}
