import assert from 'node:assert/strict';
import { useTestDatabase } from '../../test/support/test-database.ts';
import { latestMigrationTag, runMigrations } from './migrate.ts';

/** Everything a migration can change, as one comparable text. */
async function schemaFingerprint(sql: ReturnType<typeof useTestDatabase>['sql']): Promise<string> {
  const columns = await sql`
    select table_schema, table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns
    where table_schema in ('public', 'drizzle', 'pgboss')
    order by 1, 2, 3`;
  const constraints = await sql`
    select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`;
  const indexes = await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`;
  const triggers = await sql`select tgname from pg_trigger where not tgisinternal order by 1`;
  const applied = await sql`select hash from drizzle.__drizzle_migrations order by id`;
  return JSON.stringify({ columns, constraints, indexes, triggers, applied });
}

describe('migrations', () => {
  const database = useTestDatabase();

  it('should change nothing when run again', async () => {
    const before = await schemaFingerprint(database.sql);
    await runMigrations(database.url);
    await runMigrations(database.url);
    assert.equal(await schemaFingerprint(database.sql), before);
  });

  it('should let several processes migrate at once', async () => {
    const before = await schemaFingerprint(database.sql);
    await Promise.all([runMigrations(database.url), runMigrations(database.url), runMigrations(database.url)]);
    assert.equal(await schemaFingerprint(database.sql), before);
  });

  it('should record every migration the build ships', async () => {
    const [row] = await database.sql<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
    const tag = latestMigrationTag();
    assert.ok(tag);
    assert.equal(row!.count, Number(tag.slice(0, 4)) + 1);
  });

  it('should create every table the schema declares', async () => {
    const tables = await database.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    assert.deepEqual(
      tables.map((table) => table.table_name),
      [
        'api_keys',
        'audit_events',
        'crm_connections',
        'crm_records',
        'dataset_chunks',
        'datasets',
        'experiments',
        'model_aliases',
        'model_version_artifacts',
        'model_versions',
        'outcomes',
        'prediction_logs',
        'promotion_requests',
        'record_scores',
        'registered_models',
        'sync_runs',
        'training_artifacts',
        'training_runs',
        'users',
        'workspaces',
      ],
    );
  });
});
