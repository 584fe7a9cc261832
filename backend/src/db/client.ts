import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export interface DatabaseOptions {
  url: string;
  poolMax: number;
}

/** The postgres.js pool and the drizzle handle over it. Only `*.repo.ts` files use `db`. */
export function createDatabase({ url, poolMax }: DatabaseOptions) {
  const sql = postgres(url, {
    max: poolMax,
    onnotice: () => {},
    connection: { application_name: 'scorebridge' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return {
    /** The connection string, for a thread or process that opens connections of its own. */
    url,
    sql,
    db,
    /** Lets running queries finish for a few seconds, then closes every connection. */
    close: () => sql.end({ timeout: 5 }),
  };
}

export type DatabaseConnection = ReturnType<typeof createDatabase>;
export type Db = DatabaseConnection['db'];
export type Sql = DatabaseConnection['sql'];

/** A transaction handle, as passed to the callback of `db.transaction`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Repositories take either, so a service decides what runs inside one transaction. */
export type Executor = Db | Tx;
