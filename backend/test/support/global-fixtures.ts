import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * Mocha global fixtures: the PostgreSQL server every test file uses. With DATABASE_URL set (as on
 * CI) that server is used; otherwise one embedded server is started for the whole run. Each test
 * file then gets a database of its own on it (see test-database.ts).
 */

let embedded: EmbeddedPostgres | undefined;
let dataDir: string | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.SCOREBRIDGE_TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scorebridge-test-pg-'));
  // mkdtemp makes the directory private; as root, the server runs as `postgres` and must enter it.
  chmodSync(dataDir, 0o755);
  embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger: createLogger({ level: 'warn', format: 'json' }) });
  process.env.SCOREBRIDGE_TEST_DATABASE_URL = embedded.url;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
