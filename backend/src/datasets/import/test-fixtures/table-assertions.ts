import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidDataError, type DataLocation } from '../../invalid-data-error.ts';
import type { Cell, TableStream } from '../../table.ts';

/** All rows of a table, in order. */
export async function collectRows(table: TableStream): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const batch of table.batches) rows.push(...batch);
  return rows;
}

/**
 * Asserts that opening (and, if it opens, reading to the end) fails with an InvalidDataError whose
 * message matches and whose location is the one given.
 */
export async function expectInvalidData(
  open: () => Promise<TableStream> | TableStream,
  expected: { message: RegExp; location?: DataLocation },
): Promise<InvalidDataError> {
  let caught: unknown;
  try {
    await collectRows(await open());
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof InvalidDataError, `expected an InvalidDataError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  assert.match(caught.message, expected.message);
  if (expected.location) assert.deepEqual(caught.location, expected.location);
  return caught;
}

/** A temporary folder for one test file's fixtures, removed after its tests. */
export function useTempDir(prefix: string): { file: (name: string, content?: string | Buffer) => string } {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), `scorebridge-${prefix}-`));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    file(name, content) {
      const filePath = path.join(dir, name);
      if (content !== undefined) writeFileSync(filePath, content);
      return filePath;
    },
  };
}

/** Open file descriptors of this process, where the platform shows them (Linux); undefined elsewhere. */
export function openFileCount(): number | undefined {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined;
}
