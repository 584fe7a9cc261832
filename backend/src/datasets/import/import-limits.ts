/**
 * Limits that every file reader enforces, so that one hostile or broken file cannot exhaust memory
 * or produce a table nobody can use. Callers may tighten or loosen them per import.
 */
export interface ImportLimits {
  /** Longest cell, in characters. Real CRM text fields stay far below; a larger cell is a broken file. */
  maxCellChars: number;
  /** Most columns a table may have. */
  maxColumns: number;
  /**
   * Longest row of a CSV file, in characters, checked while the row is still being read. It bounds
   * the memory of a row whose cells are each within maxCellChars, and of an unterminated quote that
   * would otherwise swallow the rest of the file.
   */
  maxRowChars: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxCellChars: 1_048_576,
  maxColumns: 2_000,
  maxRowChars: 33_554_432,
} as const);

export function resolveImportLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS };
  // Callers pass their whole options object; only the limits are taken from it.
  for (const name of Object.keys(DEFAULT_IMPORT_LIMITS) as (keyof ImportLimits)[]) {
    const value = overrides[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Import limit ${name} must be a positive integer, got ${value}`);
    limits[name] = value;
  }
  return limits;
}
