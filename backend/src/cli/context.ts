import os from 'node:os';
import type { Actor } from '../auth/principal.ts';
import type { Db } from '../db/client.ts';
import type { WorkspaceRow } from '../db/schema/index.ts';
import { listWorkspaces } from '../workspaces/workspaces.repo.ts';
import { loadConfig, type Config } from '../config.ts';
import { createDatabase, type DatabaseConnection } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { runMigrations } from '../db/migrate.ts';
import { createLogger, type Logger } from '../logger.ts';

/** Raised for mistakes the person at the terminal can fix; printed without a stack, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Long-running commands log to stdout; one-shot commands keep stdout for their output and log warnings to stderr. */
export function commandContext(kind: 'server' | 'one-shot'): { config: Config; logger: Logger } {
  const config = loadConfig();
  const logger =
    kind === 'server'
      ? createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT })
      : createLogger({ level: 'warn', format: config.LOG_FORMAT === 'json' ? 'json' : 'pretty', destination: process.stderr });
  return { config, logger };
}

/**
 * Runs `work` against the configured database with migrations applied. With the embedded
 * database, it attaches to the server of a running `npm start` or starts one for the duration.
 */
export async function withDatabase<T>(config: Config, logger: Logger, work: (database: DatabaseConnection & { url: string }) => Promise<T>): Promise<T> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.SCOREBRIDGE_DATA_DIR, port: config.EMBEDDED_POSTGRES_PORT, logger, attachToRunning: true });
  try {
    const url = config.DATABASE_URL ?? embedded!.url;
    await runMigrations(url);
    const database = createDatabase({ url, poolMax: 2 });
    try {
      return await work({ ...database, url });
    } finally {
      await database.close();
    }
  } finally {
    await embedded?.stop();
  }
}

/** How the audit trail names an operator at this terminal. */
export function cliActorLabel(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // A container may run under a uid that has no entry in /etc/passwd.
    user = `uid ${process.getuid?.() ?? '?'}`;
  }
  return `cli (${user}@${os.hostname()})`;
}

export function cliActor(workspaceId: string): Actor {
  return { workspaceId, userId: null, apiKeyId: null, label: cliActorLabel(), requestId: null };
}

/** The workspace a command acts on: the one named, or the only one there is. */
export async function chooseWorkspace(db: Db, slug: string | undefined): Promise<WorkspaceRow> {
  const workspaces = await listWorkspaces(db);
  if (workspaces.length === 0) throw new CliError('There is no workspace yet; run `npm start` once, or `scorebridge workspaces create`');
  if (slug) {
    const found = workspaces.find((workspace) => workspace.slug === slug);
    if (!found) throw new CliError(`No workspace ${slug}; there are: ${workspaces.map((workspace) => workspace.slug).join(', ')}`);
    return found;
  }
  if (workspaces.length > 1) throw new CliError(`There are ${workspaces.length} workspaces; pass --workspace with one of: ${workspaces.map((workspace) => workspace.slug).join(', ')}`);
  return workspaces[0]!;
}
