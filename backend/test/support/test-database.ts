import { createHash, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type DatabaseConnection } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';

export interface TestDatabase {
  /** URL of this file's own database. */
  readonly url: string;
  readonly db: DatabaseConnection['db'];
  readonly sql: DatabaseConnection['sql'];
  /**
   * Has `close` run in this database's after hook before the database is dropped, the most
   * recently added first: whatever holds connections to it (a test API, its job queue and
   * listeners) must stop before the drop. Mocha runs a describe block's after hooks in the order
   * they were defined, so a test's own `after(() => api.close())` comes after the drop.
   */
  closeBeforeDrop(close: () => Promise<void>): void;
}

export function serverUrl(): string {
  const url = process.env.SCOREBRIDGE_TEST_DATABASE_URL;
  if (!url) throw new Error('SCOREBRIDGE_TEST_DATABASE_URL is unset: run tests through mocha so that global-fixtures.ts runs');
  return url;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Gives the calling `describe` block a fresh database with all migrations applied, created before
 * its tests and dropped after them, so that test files never see each other's rows. Call it at the
 * top of a describe block; read the returned object's fields inside hooks and tests.
 */
export function useTestDatabase(): TestDatabase {
  let state: { url: string; connection: DatabaseConnection } | undefined;
  const closers: (() => Promise<void>)[] = [];
  const admin = () => postgres(serverUrl(), { max: 1, onnotice: () => {} });

  before(async function () {
    this.timeout(60_000);
    const file = this.test?.parent?.file ?? 'unknown';
    const name = `sbt_${createHash('sha1').update(file).digest('hex').slice(0, 8)}_${randomBytes(3).toString('hex')}`;
    const sql = admin();
    try {
      await sql.unsafe(`create database "${name}"`);
    } finally {
      await sql.end();
    }
    const url = withDatabaseName(serverUrl(), name);
    await runMigrations(url);
    state = { url, connection: createDatabase({ url, poolMax: 5 }) };
  });

  after(async function () {
    this.timeout(60_000);
    if (!state) return;
    for (const close of closers.splice(0).reverse()) await close();
    await state.connection.close();
    const name = new URL(state.url).pathname.slice(1);
    const sql = admin();
    try {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await sql.end();
    }
    state = undefined;
  });

  const current = () => {
    if (!state) throw new Error('The test database is only available inside hooks and tests');
    return state;
  };
  return {
    get url() {
      return current().url;
    },
    get db() {
      return current().connection.db;
    },
    get sql() {
      return current().connection.sql;
    },
    closeBeforeDrop(close) {
      closers.push(close);
    },
  };
}
