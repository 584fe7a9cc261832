import { latestMigrationTag } from '../../db/migrate.ts';
import { commandContext, withDatabase } from '../context.ts';

/** Applies pending migrations (withDatabase does) and reports the schema version. */
export async function migrateCommand(): Promise<void> {
  const { config, logger } = commandContext('one-shot');
  await withDatabase(config, logger, async () => {});
  process.stdout.write(`Database schema is up to date (${latestMigrationTag()}).\n`);
}
