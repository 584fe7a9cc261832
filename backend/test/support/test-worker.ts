import type { CredentialVault } from '../../src/crm/credential-vault.ts';
import { createLazyVault, DEFAULT_SYNC_SETTINGS } from '../../src/crm/index.ts';
import { allJobs } from '../../src/jobs/all-jobs.ts';
import { createLogger } from '../../src/logger.ts';
import type { TestApi } from './test-api.ts';
import type { TestDatabase } from './test-database.ts';

/**
 * Makes the test API's job queue consume every job in this process, as `scorebridge start` does.
 * Without a vault it has no CRM credentials; tests of jobs that talk to a Salesforce org pass the
 * vault their connection was sealed with.
 */
export async function startTestWorker(api: TestApi, database: TestDatabase, vault: CredentialVault = createLazyVault({ SCOREBRIDGE_DATA_DIR: '/nonexistent', DATABASE_URL: database.url })): Promise<void> {
  const logger = createLogger({ level: 'silent', format: 'json' });
  await api.jobQueue.work(allJobs({ db: database.db, sql: database.sql, vault, logger, settings: DEFAULT_SYNC_SETTINGS, codeVersion: 'test', jobQueue: api.jobQueue }), { concurrency: 1 });
}
