/**
 * What a benchmark module in backend/bench exports, and what it gets from the runner (run.ts).
 * A benchmark is a file named `<name>.bench.ts` exporting `name` and `run`.
 */

export type Cell = string | number;

export interface BenchResult {
  /** Heading of the benchmark's section. */
  title: string;
  /** Column headers of the result table. */
  columns: string[];
  /** One array of cells per row, in column order. Numbers are right-aligned and rounded to 2 decimals. */
  rows: Cell[][];
  /** Lines printed under the table: set-up, caveats, anything a reader needs to trust the figures. */
  notes: string[];
}

export interface BenchContext {
  /** URL of a fresh database, with every migration applied, that the runner drops after the benchmark. */
  databaseUrl: string;
  /** Progress for the person waiting; goes to stderr so that stdout stays a Markdown report. */
  progress(message: string): void;
}

export interface Benchmark {
  name: string;
  /** A benchmark that needs no context may declare `run()` without parameters. */
  run(context: BenchContext): Promise<BenchResult>;
}

/** A positive number from the environment, or the fallback when the variable is unset or empty. */
export function positiveNumberFromEnv(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${variable} must be a positive number (got ${JSON.stringify(raw)})`);
  return value;
}

/** A number for a report: `digits` decimals, or "?" when it is missing or not finite. */
export function fmt(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '?' : value.toFixed(digits);
}

/** The machine's load average at a run's start and end, for a report's notes. */
export function describeLoadAverage(before: number[], after: number[]): string {
  const listed = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
  return `Machine load average (1, 5, 15 min): ${listed(before)} at the start, ${listed(after)} at the end.`;
}
